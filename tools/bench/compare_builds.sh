#!/usr/bin/env bash
# Compares two builds of citadel in one run, interleaved (base, new, base, new, …) so that the
# shared machine's noise falls on both alike: each round runs tools/bench/run_benchmarks.sh
# (nginx ceiling first, then the oneM2M scenarios on a fresh CSE) for each binary and keeps the
# cin CREATE, la RETRIEVE and RSS-at-rest figures. Prints one Markdown table per round and the
# ratios new/base over all rounds.
#
# Usage: tools/bench/compare_builds.sh BASE_CITADEL NEW_CITADEL [ROUNDS]
# Environment: DURATION [5] seconds per scenario; BENCH_BIN as for run_benchmarks.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
base_bin=${1:?base citadel binary}
new_bin=${2:?new citadel binary}
rounds=${3:-3}
export DURATION=${DURATION:-5} SKIP_FANOUT=1 SKIP_DISCOVER=1 BIG_PREFILL=1000

# The req/s of scenario row `$2` in run_benchmarks.sh output `$1`.
rps_of() { awk -F'|' -v row=" $2 " '$2 == row { gsub(/ /, "", $4); print $4; exit }' <<<"$1"; }
ratio_of() { awk -F'|' -v row=" $2 " '$2 == row { gsub(/ /, "", $8); print $8; exit }' <<<"$1"; }
rss_of() { sed -n 's/^Citadel RSS: \([0-9.]*\) MiB at rest.*/\1/p' <<<"$1"; }

declare -A sum
echo "| round | build | nginx req/s | cin req/s | cin × nginx | la req/s | la × nginx | RSS at rest MiB |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for round in $(seq "$rounds"); do
  for build in base new; do
    bin=$base_bin
    [ "$build" = new ] && bin=$new_bin
    out=$(CITADEL_BIN=$bin "$root/tools/bench/run_benchmarks.sh" 2>/dev/null)
    nginx=$(rps_of "$out" "static (nginx)")
    cin=$(rps_of "$out" "cin")
    cin_ratio=$(ratio_of "$out" "cin")
    la=$(rps_of "$out" "la")
    la_ratio=$(ratio_of "$out" "la")
    rss=$(rss_of "$out")
    echo "| $round | $build | $nginx | $cin | $cin_ratio | $la | $la_ratio | $rss |"
    sum[$build.cin]=$(awk -v a="${sum[$build.cin]:-0}" -v b="$cin_ratio" 'BEGIN { print a + b }')
    sum[$build.la]=$(awk -v a="${sum[$build.la]:-0}" -v b="$la_ratio" 'BEGIN { print a + b }')
    sum[$build.rss]=$(awk -v a="${sum[$build.rss]:-0}" -v b="$rss" 'BEGIN { print a + b }')
  done
done
echo
for what in cin la rss; do
  echo "$what new/base (mean over $rounds rounds): $(awk -v n="${sum[new.$what]}" \
    -v b="${sum[base.$what]}" 'BEGIN { if (b > 0) printf "%.3f", n / b; else print "n/a" }')"
done
