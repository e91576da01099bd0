#!/usr/bin/env bash
# Runs the benchmark suite on this machine and prints a Markdown table (tools/bench/README.md):
# nginx serving a small static file (the ceiling), then citadel_bench's oneM2M scenarios against
# a fresh Citadel (with contentInstance CREATE run twice, to show run-to-run noise), then
# contentInstance CREATE at 1k and 100k instances in one container, notification fan-out to 1000
# subscriptions, and discovery by label over 100k instances, each on a fresh CSE.
#
# Builds nothing: expects build/bin/citadel and build/bin/citadel_bench (tools/build.sh).
# Everything listens on 127.0.0.1 only, and only the processes started here are stopped.
#
# Environment (defaults in brackets):
#   CITADEL_BIN [build/bin/citadel]   BENCH_BIN [build/bin/citadel_bench]
#   NGINX_BIN [/usr/sbin/nginx]
#   DURATION [10]       seconds per scenario
#   PREFILL_DURATION [3] seconds for each prefilled cin run (short, so the count stays near N)
#   CONNECTIONS [16]    keep-alive connections (one client thread each)
#   WARMUP [1]          untimed seconds before each scenario's window
#   BIG_PREFILL [100000] contentInstances in the large-container run
#   FANOUT_SUBSCRIPTIONS [1000]  FANOUT_ROUNDS [5]   the fan-out run
#   DISCOVER_PREFILL [100000]    contentInstances searched by the discovery run
#   SKIP_FANOUT, SKIP_DISCOVER   set to 1 to leave that run out
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
citadel_bin=${CITADEL_BIN:-$root/build/bin/citadel}
bench_bin=${BENCH_BIN:-$root/build/bin/citadel_bench}
nginx_bin=${NGINX_BIN:-/usr/sbin/nginx}
duration=${DURATION:-10}
prefill_duration=${PREFILL_DURATION:-3}
connections=${CONNECTIONS:-16}
warmup=${WARMUP:-1}
small_prefill=1000
big_prefill=${BIG_PREFILL:-100000}
fanout_subscriptions=${FANOUT_SUBSCRIPTIONS:-1000}
fanout_rounds=${FANOUT_ROUNDS:-5}
discover_prefill=${DISCOVER_PREFILL:-100000}
skip_fanout=${SKIP_FANOUT:-0}
skip_discover=${SKIP_DISCOVER:-0}
load_average() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load_average)

die() {
  echo "run_benchmarks: $*" >&2
  exit 2
}
note() { echo "run_benchmarks: $*" >&2; }

[ -x "$bench_bin" ] || die "no $bench_bin; build it first (tools/build.sh citadel_bench)"
[ -x "$citadel_bin" ] || die "no $citadel_bin; build it first (tools/build.sh citadel)"

source "$root/tools/bench/bench_processes.sh"
# ---------------------------------------------------------------------------------------------
# Runs one citadel_bench invocation; appends "label|description|summary line" to results.

results=()
run_bench() {
  local label=$1 description=$2 port=$3
  shift 3
  note "running $label"
  local out
  if out=$("$bench_bin" --host=127.0.0.1 --port="$port" --connections="$connections" "$@"); then
    results+=("$label|$description|$out")
  else
    results+=("$label|$description|failed")
  fi
}

if start_nginx; then
  run_bench "static (nginx)" "GET of a $(wc -c <"$work/nginx/www/index.json")-byte JSON file" \
    "$nginx_port" --scenario=static --path=/index.json --duration="$duration" --warmup="$warmup"
  stop_pid "$nginx_pid"
else
  results+=("static (nginx)|nginx did not start|failed")
fi

start_cse "$work/cse1" || die "cannot start $citadel_bin"
rss_rest=$(rss_mib "$cse_pid")
run_bench "ae" "CREATE AE (registration)" "$cse_port" --scenario=ae --duration="$duration" \
  --warmup="$warmup"
run_bench "cnt" "CREATE container under one AE" "$cse_port" --scenario=cnt \
  --duration="$duration" --warmup="$warmup"
run_bench "cin" "CREATE contentInstance" "$cse_port" --scenario=cin --duration="$duration" \
  --warmup="$warmup"
run_bench "la" "RETRIEVE <latest> (100 cins)" "$cse_port" --scenario=la --duration="$duration" \
  --warmup="$warmup"
run_bench "get" "RETRIEVE container" "$cse_port" --scenario=get --duration="$duration" \
  --warmup="$warmup"
# The same cin run again (a fresh AE and container): the gap between the two is the noise floor
# any other CREATE figure must be read against.
run_bench "cin (repeat)" "CREATE contentInstance, second run" "$cse_port" --scenario=cin \
  --duration="$duration" --warmup="$warmup"
# No warm-up for the prefilled runs: the prefill already warms the path, and extra untimed
# CREATEs would move the container away from the size being measured.
run_bench "cin @${small_prefill}" "CREATE cin, container holds $small_prefill" "$cse_port" \
  --scenario=cin --prefill="$small_prefill" --duration="$prefill_duration" --warmup=0
rss_after=$(rss_mib "$cse_pid")
stop_pid "$cse_pid"

start_cse "$work/cse2" || die "cannot start $citadel_bin"
run_bench "cin @${big_prefill}" "CREATE cin, container holds $big_prefill (fresh CSE)" \
  "$cse_port" --scenario=cin --prefill="$big_prefill" --duration="$prefill_duration" --warmup=0
rss_big=$(rss_mib "$cse_pid")
stop_pid "$cse_pid"

# Fan-out: one cin CREATE notifies every subscription of its container. Not a closed loop, so
# its line has its own keys and its own table below.
fanout_line=""
rss_fanout="n/a"
if [ "$skip_fanout" != 1 ]; then
  start_cse "$work/cse3" || die "cannot start $citadel_bin"
  note "running fanout"
  fanout_line=$("$bench_bin" --host=127.0.0.1 --port="$cse_port" --scenario=fanout \
    --subscriptions="$fanout_subscriptions" --rounds="$fanout_rounds") || fanout_line="failed"
  rss_fanout=$(rss_mib "$cse_pid")
  stop_pid "$cse_pid"
fi

# Discovery by label over a container of DISCOVER_PREFILL instances, 1 in 1000 a hit.
rss_discover="n/a"
if [ "$skip_discover" != 1 ]; then
  start_cse "$work/cse4" || die "cannot start $citadel_bin"
  run_bench "discover @${discover_prefill}" \
    "discovery fu=1&lbl=, $((discover_prefill / 1000)) hits in $discover_prefill cins" \
    "$cse_port" --scenario=discover --prefill="$discover_prefill" --duration="$duration" \
    --warmup="$warmup"
  rss_discover=$(rss_mib "$cse_pid")
  stop_pid "$cse_pid"
fi
load_after=$(load_average)

# ---------------------------------------------------------------------------------------------
# Report.

nginx_rps=""
for entry in "${results[@]}"; do
  if [[ $entry == "static (nginx)|"* ]]; then
    nginx_rps=$(field "${entry##*|}" rps)
  fi
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "Citadel benchmarks: $(nproc) CPUs (${cpu:-unknown CPU}), $(uname -sr), client and server"
echo "on 127.0.0.1, $connections keep-alive connections, ${duration} s per scenario" \
  "(${prefill_duration} s for the prefilled runs), storage.sync=false."
echo "Load average (1/5/15 min) before: $load_before; after: $load_after."
echo
echo "| scenario | what | req/s | p50 ms | p99 ms | errors | × nginx |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for entry in "${results[@]}"; do
  IFS='|' read -r label description line <<<"$entry"
  if [ "$line" = failed ]; then
    echo "| $label | $description | failed | | | | |"
    continue
  fi
  rps=$(field "$line" rps)
  ratio="n/a"
  if [ -n "$nginx_rps" ]; then
    ratio=$(awk -v a="$rps" -v b="$nginx_rps" \
      'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }')
  fi
  echo "| $label | $description | $rps | $(field "$line" p50_ms) | $(field "$line" p99_ms) |" \
    "$(field "$line" errors) | $ratio |"
done
echo
small_rps="" big_rps=""
for entry in "${results[@]}"; do
  case $entry in
    "cin @${small_prefill}|"*) small_rps=$(field "${entry##*|}" rps) ;;
    "cin @${big_prefill}|"*) big_rps=$(field "${entry##*|}" rps) ;;
  esac
done
if [ -n "$small_rps" ] && [ -n "$big_rps" ]; then
  echo "cin CREATE at ${big_prefill} / at ${small_prefill} instances:" \
    "$(awk -v a="$big_rps" -v b="$small_rps" \
      'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }')"
  echo
fi
if [ -n "$fanout_line" ]; then
  echo "| fan-out | subscriptions | rounds | CREATE ms (median) | all notified ms p50 |" \
    "max | first ms p50 | notifications | missing |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  if [ "$fanout_line" = failed ]; then
    echo "| cin CREATE -> NOTIFY | failed | | | | | | | |"
  else
    echo "| cin CREATE -> NOTIFY | $(field "$fanout_line" subscriptions) |" \
      "$(field "$fanout_line" rounds) | $(field "$fanout_line" create_ms) |" \
      "$(field "$fanout_line" fanout_ms_p50) | $(field "$fanout_line" fanout_ms_max) |" \
      "$(field "$fanout_line" first_ms_p50) | $(field "$fanout_line" notifications) |" \
      "$(field "$fanout_line" missing) |"
  fi
  echo
fi
echo "Citadel RSS: ${rss_rest} MiB at rest, ${rss_after} MiB after the scenarios above," \
  "${rss_big} MiB after the ${big_prefill}-instance run (fresh CSE)," \
  "${rss_fanout} MiB after fan-out (fresh CSE), ${rss_discover} MiB after discovery (fresh CSE)."
echo
echo "Raw citadel_bench lines:"
echo
echo '```'
for entry in "${results[@]}"; do
  echo "${entry##*|}"
done
[ -z "$fanout_line" ] || echo "$fanout_line"
echo '```'
