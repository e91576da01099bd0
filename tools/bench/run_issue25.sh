#!/usr/bin/env bash
# Measures every HTTP row of the issue-25 table (and the CoAP row) in one run beside nginx, and
# prints one Markdown table: req/s, nginx req/s in the same citadel_bench invocation (half just
# before, half just after the timed window: --nginx-port), the ratio, p50/p99, errors.
# Every row runs on a fresh Citadel (embedded RocksDB in a temp dir). MQTT rows are measured by
# tools/bench_bindings/run_binding_benchmarks.sh.
#
# Builds nothing: expects build/bin/citadel, build/bin/citadel_bench and, for the CoAP row,
# build/bin/citadel_bench_bindings. Everything listens on 127.0.0.1; only the PIDs started here
# are stopped (an EXIT trap covers failures) and the temp directory is deleted.
#
# Time: about 11 rows × (DURATION for the CSE + DURATION for nginx + WARMUP + ~1 s start-up),
# plus the prefills: BIG_PREFILL CREATEs (1,000,000: ~1.5-2 min at 8-12k CREATE/s on 2 cores)
# and DISCOVER_PREFILL (100,000: ~10 s). With the defaults ~5 min; bounded because every
# citadel_bench run is (duration capped at 300 s, I/O timeouts) and prefill stops at an error.
#
# Environment (defaults in brackets):
#   CITADEL_BIN [build/bin/citadel]  BENCH_BIN [build/bin/citadel_bench]
#   BINDINGS_BENCH_BIN [build/bin/citadel_bench_bindings]  NGINX_BIN [/usr/sbin/nginx]
#   DURATION [5]        seconds per row (the nginx baseline runs as long again)
#   WARMUP [1]          untimed seconds before each row's window (0 for the prefilled rows)
#   CONNECTIONS [16]    keep-alive connections of the 16-connection rows
#   MANY ["1000 5000"]  connection counts of the `la` rows over many connections
#   BIG_PREFILL [1000000]  SMALL_PREFILL [1000]  DISCOVER_PREFILL [100000]
#   SKIP_BIG=1          leave the BIG_PREFILL row out (a quick look)
#   WRK_CONNECTIONS [1000]  connections of the `la` row driven by wrk (skipped without wrk)
#   ROWS                an extended regular expression: only the rows whose label matches run
#                       (e.g. ROWS='wrk|CoAP'); every row by default
#   EXTRA_ARGS          more citadel flags for every CSE
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
citadel_bin=${CITADEL_BIN:-$root/build/bin/citadel}
bench_bin=${BENCH_BIN:-$root/build/bin/citadel_bench}
bindings_bin=${BINDINGS_BENCH_BIN:-$root/build/bin/citadel_bench_bindings}
nginx_bin=${NGINX_BIN:-/usr/sbin/nginx}
duration=${DURATION:-5}
warmup=${WARMUP:-1}
connections=${CONNECTIONS:-16}
many=${MANY:-"1000 5000"}
big_prefill=${BIG_PREFILL:-1000000}
small_prefill=${SMALL_PREFILL:-1000}
discover_prefill=${DISCOVER_PREFILL:-100000}
skip_big=${SKIP_BIG:-0}

note() { echo "run_issue25: $*" >&2; }
die() {
  note "$*"
  exit 2
}
[ -x "$bench_bin" ] || die "no $bench_bin; build it first (tools/build.sh citadel_bench)"
[ -x "$citadel_bin" ] || die "no $citadel_bin; build it first (tools/build.sh citadel)"
[ -x "$nginx_bin" ] || die "no $nginx_bin (CITADEL_BENCH_DEPS=1 tools/install_deps.sh)"

# Each connection is a descriptor in the client and in the server (and nginx): 5,000 connections
# need more than the usual soft limit of 1024. Raise it as far as the hard limit allows.
fd_wanted=$((2 * 5000 + 1024))
ulimit -n "$fd_wanted" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fd_limit=$(ulimit -n)

work_prefix=citadel-issue25
nginx_worker_connections=8192
nginx_rlimit_nofile=$fd_limit
# shellcheck source=tools/bench/bench_processes.sh
source "$root/tools/bench/bench_processes.sh"

# ---------------------------------------------------------------------------------------------
# One row: a fresh CSE started with the citadel flags before "--", citadel_bench with the flags
# after it (plus the nginx baseline and --cse-pid). Appends "label|target|summary" to rows.

rows=()
wanted() { [ -z "${ROWS:-}" ] || [[ $1 =~ $ROWS ]]; }
run_row() {
  local label=$1 target=$2
  shift 2
  local cse_args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    cse_args+=("$1")
    shift
  done
  shift  # the "--"
  wanted "$label" || return 0
  note "row: $label"
  local line="failed"
  # shellcheck disable=SC2086
  if start_cse "$(mktemp -d "$work/cse.XXXXXX")" ${EXTRA_ARGS:-} "${cse_args[@]}"; then
    if ! line=$("$bench_bin" --host=127.0.0.1 --port="$cse_port" --nginx-port="$nginx_port" \
      --cse-pid="$cse_pid" "$@" 2>>"$work/bench.err"); then
      line="failed"
      tail -3 "$work/bench.err" >&2
    fi
  fi
  stop_pid "$cse_pid"
  rows+=("$label|$target|$line")
}

start_nginx || die "nginx did not start"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
common=(--duration="$duration")
at16=(--connections="$connections" --warmup="$warmup" "${common[@]}")

run_row "cin CREATE, mni=1,000,000 mbs=1e9, AE, $connections conn." "≥ 0.20" -- \
  --scenario=cin --mni=1000000 --mbs=1000000000 "${at16[@]}"
run_row "cin CREATE, mni=100 (evicts every CREATE)" "≥ 0.15" -- \
  --scenario=cin --mni=100 --prefill=100 "${at16[@]}"
run_row "cin CREATE, 16 AEs each into its own container" "≥ 0.20" -- \
  --scenario=cin --aes=16 "${at16[@]}"
run_row "cin CREATE, storage.sync=true, $connections conn." "≥ 0.08" --storage.sync=true -- \
  --scenario=cin "${at16[@]}"
run_row "la RETRIEVE, $connections conn." "≥ 0.45" -- --scenario=la "${at16[@]}"
for count in $many; do
  if [ "$fd_limit" -lt $((count + 64)) ]; then
    rows+=("la RETRIEVE, $count conn.|p99 < 50 ms|skipped: ulimit -n is $fd_limit")
    continue
  fi
  run_row "la RETRIEVE, $count conn." "p99 < 50 ms, ≥ 0.35 at 1,000" -- --scenario=la \
    --connections="$count" --timeout=10 --warmup="$warmup" "${common[@]}"
done
# The same `la` over WRK_CONNECTIONS connections driven by wrk (two threads on epoll) instead of
# citadel_bench's thread per connection: on two cores, 1,000 client threads compete with the
# server for the CPU, and whichever thread the scheduler runs late shows in the tail of both
# nginx and Citadel. wrk's p99 is the server's. nginx first, then the CSE, then nginx again.
wrk_ms() {  # "850.00us" / "12.34ms" / "1.20s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
    else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
wrk_line() {  # <url> [headers...]: "rps=… p50_ms=… p99_ms=… errors=…"
  local url=$1 out
  shift
  out=$(wrk -t2 -c"$wrk_count" -d"${duration}s" --timeout 10s --latency "$@" "$url" 2>&1) ||
    return 1
  local rps p50 p99 errors
  rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' <<<"$out")
  p50=$(wrk_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(wrk_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ {
    for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i } END { print n + 0 }' <<<"$out")
  echo "rps=$rps p50_ms=$p50 p99_ms=$p99 errors=$errors"
}
wrk_count=${WRK_CONNECTIONS:-1000}
if ! wanted "la RETRIEVE, $wrk_count conn. (wrk)"; then
  :
elif command -v wrk >/dev/null && [ "$fd_limit" -ge $((wrk_count + 64)) ]; then
  note "row: la RETRIEVE, $wrk_count conn. (wrk)"
  # shellcheck disable=SC2086
  if start_cse "$(mktemp -d "$work/cse.XXXXXX")" ${EXTRA_ARGS:-}; then
    base="http://127.0.0.1:$cse_port/cse-in"
    hdr=(-H 'X-M2M-Origin: Cwrkae' -H 'X-M2M-RVI: 3' -H 'X-M2M-RI: wrk')
    curl -s -o /dev/null "$base" -X POST "${hdr[@]}" -H 'Content-Type: application/json;ty=2' \
      -d '{"m2m:ae":{"rn":"wrkae","api":"Nwrk","rr":false,"srv":["3"]}}'
    curl -s -o /dev/null "$base/wrkae" -X POST "${hdr[@]}" \
      -H 'Content-Type: application/json;ty=3' -d '{"m2m:cnt":{"rn":"data"}}'
    curl -s -o /dev/null "$base/wrkae/data" -X POST "${hdr[@]}" \
      -H 'Content-Type: application/json;ty=4' -d '{"m2m:cin":{"cnf":"text/plain:0","con":"21.5"}}'
    n1=$(wrk_line "http://127.0.0.1:$nginx_port/index.json") || n1=""
    c1=$(wrk_line "$base/wrkae/data/la" "${hdr[@]}") || c1=""
    n2=$(wrk_line "http://127.0.0.1:$nginx_port/index.json") || n2=""
    if [ -n "$c1" ] && [ -n "$n1" ] && [ -n "$n2" ]; then
      nginx_rps=$(awk -v a="$(field "$n1" rps)" -v b="$(field "$n2" rps)" \
        'BEGIN { printf "%.1f", (a + b) / 2 }')
      ratio=$(awk -v a="$(field "$c1" rps)" -v b="$nginx_rps" 'BEGIN { printf "%.3f", a / b }')
      rows+=("la RETRIEVE, $wrk_count conn. (wrk -t2; nginx p99 $(field "$n1" p99_ms) / \
$(field "$n2" p99_ms) ms)|p99 < 50 ms, ≥ 0.35|$c1 nginx_rps=$nginx_rps ratio=$ratio starved=0")
    else
      rows+=("la RETRIEVE, $wrk_count conn. (wrk)|p99 < 50 ms|failed")
    fi
  fi
  stop_pid "$cse_pid"
else
  rows+=("la RETRIEVE, $wrk_count conn. (wrk)|p99 < 50 ms|skipped: no wrk or ulimit -n $fd_limit")
fi
# The prefilled rows take no warm-up: extra untimed CREATEs would move the container away from
# the size being measured.
run_row "cin CREATE at $small_prefill instances" "(reference)" -- --scenario=cin \
  --prefill="$small_prefill" --connections="$connections" --warmup=0 "${common[@]}"
if [ "$skip_big" != 1 ]; then
  run_row "cin CREATE at $big_prefill instances" "within 20% of the row above" -- \
    --scenario=cin --prefill="$big_prefill" --connections="$connections" --warmup=0 \
    "${common[@]}"
fi
run_row "discovery by label, $((discover_prefill / 1000)) hits among $discover_prefill" \
  "≥ 5,000 req/s" -- --scenario=discover --prefill="$discover_prefill" "${at16[@]}"

# CoAP: the same CREATE over HTTP and over CoAP on one CSE; the target is a ratio to HTTP.
coap_line=""
coap_http_line=""
if [ -x "$bindings_bin" ] && wanted "CoAP cin CREATE"; then
  note "row: CoAP cin CREATE"
  # shellcheck disable=SC2086
  if start_cse "$work/coap" ${EXTRA_ARGS:-} --coap.enabled=true --coap.port=0 &&
    [ -n "$coap_port" ]; then
    coap_http_line=$("$bench_bin" --port="$cse_port" --scenario=cin "${at16[@]}" \
      2>>"$work/bench.err") || coap_http_line=""
    coap_line=$("$bindings_bin" --scenario=coap-cin --port="$coap_port" \
      --connections="$connections" --duration="$duration" 2>>"$work/bench.err") || coap_line=""
  fi
  stop_pid "$cse_pid"
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------
# Report.

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "Issue-25 table: $(nproc) CPUs (${cpu:-unknown CPU}), $(uname -sr), client, nginx and"
echo "Citadel on 127.0.0.1; ${duration} s per row against a fresh CSE and ${duration} s against"
echo "nginx (half before, half after), ulimit -n $fd_limit."
echo "Load average (1/5/15 min) before: $load_before; after: $load_after."
echo
echo "| workload | req/s | nginx req/s | × nginx | target | p50 ms | p99 ms | errors |"
echo "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |"
small_rps="" big_rps="" rss_rest="" rss_big=""
for entry in "${rows[@]}"; do
  IFS='|' read -r label target line <<<"$entry"
  if [ "$line" = failed ] || [[ $line == skipped* ]]; then
    echo "| $label | $line | | | $target | | | |"
    continue
  fi
  errors=$(field "$line" errors)
  [ "$(field "$line" starved)" = 0 ] || errors="$errors (starved $(field "$line" starved))"
  echo "| $label | $(field "$line" rps) | $(field "$line" nginx_rps) | $(field "$line" ratio) |" \
    "$target | $(field "$line" p50_ms) | $(field "$line" p99_ms) | $errors |"
  case $label in
    "cin CREATE at $small_prefill instances") small_rps=$(field "$line" rps) ;;
    "cin CREATE at $big_prefill instances")
      big_rps=$(field "$line" rps)
      rss_rest=$(field "$line" rss_rest_mib)
      rss_big=$(field "$line" rss_prefill_mib)
      ;;
  esac
done
if [ -n "$coap_line" ] && [ -n "$coap_http_line" ]; then
  coap_rps=$(field "$coap_line" rps)
  http_rps=$(field "$coap_http_line" rps)
  echo "| CoAP cin CREATE ($(awk -v a="$coap_rps" -v b="$http_rps" \
    'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }') × HTTP's $http_rps) |" \
    "$coap_rps | | | ≥ 1 × HTTP | $(field "$coap_line" p50_ms) | $(field "$coap_line" p99_ms) |" \
    "$(field "$coap_line" errors) |"
elif wanted "CoAP cin CREATE"; then
  echo "| CoAP cin CREATE | not run (no $bindings_bin or no CoAP port) | | | ≥ 1 × HTTP | | | |"
fi
echo
if [ -n "$small_rps" ] && [ -n "$big_rps" ]; then
  echo "cin CREATE at $big_prefill / at $small_prefill instances:" \
    "$(awk -v a="$big_rps" -v b="$small_rps" \
      'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }') (target ≥ 0.8)."
fi
echo "RSS at rest / after $big_prefill instances: ${rss_rest:-n/a} MiB / ${rss_big:-n/a} MiB" \
  "(targets ≤ 20 / ≤ 200 MiB)."
echo "MQTT rows: tools/bench_bindings/run_binding_benchmarks.sh."
echo
echo "Raw summary lines:"
echo
echo '```'
for entry in "${rows[@]}"; do
  echo "${entry##*|}"
done
[ -z "$coap_http_line" ] || echo "$coap_http_line"
[ -z "$coap_line" ] || echo "$coap_line"
echo '```'
