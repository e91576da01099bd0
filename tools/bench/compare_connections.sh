#!/usr/bin/env bash
# Connection-count load on two builds of citadel, interleaved (base, new, base, new, …) so that
# the shared machine's noise falls on both alike (issue 15 #11, issue 25): per round and build,
# a fresh CSE, then
#   * `la` over CONNECTIONS (1000) concurrent keep-alive connections: req/s, p50, p99, errors;
#   * the same at each open-loop rate of RATES (requests/s over all CONNECTIONS, each timed from
#     when it was due: citadel_bench --rate), where latency is the server's, not Little's law's;
#   * `la` over one probe connection while SLOW (500) slow-loris connections (a header byte a
#     second each, never finishing) are held open: p50, p99, max of the probe, errors.
# Prints one Markdown row per run and the raw summary lines on stderr.
#
# Usage: tools/bench/compare_connections.sh BASE_CITADEL NEW_CITADEL [ROUNDS]
# Environment: DURATION [5] seconds per run, CONNECTIONS [1000], SLOW [500], RATES ["" : none,
# e.g. "5000 10000"], BENCH_BIN
# [build/bin/citadel_bench], EXTRA_ARGS (more citadel flags for both builds).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
base_bin=${1:?base citadel binary}
new_bin=${2:?new citadel binary}
rounds=${3:-3}
duration=${DURATION:-5}
connections=${CONNECTIONS:-1000}
slow=${SLOW:-500}
bench_bin=${BENCH_BIN:-$root/build/bin/citadel_bench}
[ -x "$bench_bin" ] || { echo "no $bench_bin" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/citadel-conn-bench.XXXXXX")
cse_pid=""
stop_cse() {
  [ -n "$cse_pid" ] || return 0
  kill -TERM "$cse_pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$cse_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$cse_pid" 2>/dev/null || true
  wait "$cse_pid" 2>/dev/null || true
  cse_pid=""
}
trap 'stop_cse; rm -rf "$work"' EXIT

# Starts $1 on a free port in a fresh directory; sets cse_pid and cse_port.
start_cse() {
  local bin=$1 dir
  dir=$(mktemp -d "$work/cse.XXXXXX")
  # shellcheck disable=SC2086
  "$bin" --http.address=127.0.0.1 --http.port=0 --storage.path="$dir/data" \
    --log.level=warning ${EXTRA_ARGS:-} >"$dir/citadel.log" 2>&1 &
  cse_pid=$!
  cse_port=""
  for _ in $(seq 300); do
    cse_port=$(sed -n 's/.*HTTP listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$dir/citadel.log" |
      head -1)
    [ -n "$cse_port" ] && return 0
    kill -0 "$cse_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "citadel did not start: $(tail -5 "$dir/citadel.log")" >&2
  exit 2
}

field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

echo "| round | build | run | req/s | p50 ms | p99 ms | max ms | errors | starved |"
echo "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for round in $(seq "$rounds"); do
  for build in base new; do
    bin=$base_bin
    [ "$build" = new ] && bin=$new_bin
    start_cse "$bin"
    many=$("$bench_bin" --scenario=la --port="$cse_port" --connections="$connections" \
      --duration="$duration" --timeout=10 2>>"$work/bench.err" || true)
    echo "$build $many" >&2
    echo "| $round | $build | la × $connections | $(field "$many" rps) | $(field "$many" p50_ms) |" \
      "$(field "$many" p99_ms) | $(field "$many" max_ms) | $(field "$many" errors) |" \
      "$(field "$many" starved) |"
    for rate in ${RATES:-}; do
      paced=$("$bench_bin" --scenario=la --port="$cse_port" --connections="$connections" \
        --rate="$rate" --duration="$duration" --timeout=10 2>>"$work/bench.err" || true)
      echo "$build $paced" >&2
      echo "| $round | $build | la × $connections at $rate/s | $(field "$paced" rps) |" \
        "$(field "$paced" p50_ms) | $(field "$paced" p99_ms) | $(field "$paced" max_ms) |" \
        "$(field "$paced" errors) | $(field "$paced" starved) |"
    done
    probe=$("$bench_bin" --scenario=la --port="$cse_port" --connections=1 \
      --slow-connections="$slow" --duration="$duration" --timeout=10 2>>"$work/bench.err" || true)
    echo "$build $probe" >&2
    [ -n "$probe" ] || probe="rps=setup-failed"
    echo "| $round | $build | la probe, $slow slow | $(field "$probe" rps) |" \
      "$(field "$probe" p50_ms) | $(field "$probe" p99_ms) | $(field "$probe" max_ms) |" \
      "$(field "$probe" errors) | $(field "$probe" starved) |"
    stop_cse
  done
done
