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

work=$(mktemp -d "${TMPDIR:-/tmp}/citadel-bench.XXXXXX")
started_pids=()

# Stops one process we started: SIGTERM, up to 10 s for a clean exit, then SIGKILL. The PID
# leaves started_pids, so the exit trap never signals a number the kernel may have reused.
stop_pid() {
  local pid=$1 kept=() p
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  for p in "${started_pids[@]}"; do
    [ "$p" = "$pid" ] || kept+=("$p")
  done
  started_pids=("${kept[@]}")
}

cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do
    stop_pid "$pid"
  done
  rm -rf "$work"
}
trap cleanup EXIT

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits until 127.0.0.1:$2 accepts connections, or fails if process $1 exits first.
wait_for_port() {
  local pid=$1 port=$2
  for _ in $(seq 300); do
    port_in_use "$port" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

rss_mib() { ps -o rss= -p "$1" | awk '{printf "%.1f", $1 / 1024}'; }

# Value of key $2 in a citadel_bench summary line $1.
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

# ---------------------------------------------------------------------------------------------
# nginx: the ceiling. Same machine, same client, same connection count; a ~100-byte JSON file.

nginx_pid=""
nginx_port=""
start_nginx() {
  local dir=$work/nginx
  mkdir -p "$dir/www" "$dir/tmp"
  # About the size of a oneM2M contentInstance representation.
  local cin='"rn":"cin_1","ty":4,"ri":"c1","pi":"cnt1","cnf":"text/plain:0","con":"21.5 C"'
  echo "{\"m2m:cin\":{$cin}}" >"$dir/www/index.json"
  local user_line=""
  # As root, nginx would hand its workers to "nobody", who cannot read our mode-700 temp dir.
  if [ "$(id -u)" -eq 0 ]; then
    user_line="user $(id -un) $(id -gn);"
  fi
  # Ephemeral-range ports may be taken; try a few random ones (nginx fails fast on bind).
  for _ in $(seq 20); do
    nginx_port=$((20000 + RANDOM % 20000))
    port_in_use "$nginx_port" && continue
    cat >"$dir/nginx.conf" <<EOF
daemon off;
$user_line
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  default_type application/json;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $dir/www;
  }
}
EOF
    "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
    nginx_pid=$!
    started_pids+=("$nginx_pid")
    if wait_for_port "$nginx_pid" "$nginx_port"; then
      return 0
    fi
    stop_pid "$nginx_pid"
  done
  note "nginx did not start; last error log:"
  tail -5 "$dir/error.log" >&2 || true
  return 1
}

# ---------------------------------------------------------------------------------------------
# Citadel: a fresh CSE in its own data directory, on a port it picks and prints.

cse_pid=""
cse_port=""
start_cse() {
  local dir=$1
  mkdir -p "$dir"
  "$citadel_bin" --http.address=127.0.0.1 --http.port=0 --storage.path="$dir/data" \
    --log.level=warning >"$dir/citadel.log" 2>&1 &
  cse_pid=$!
  started_pids+=("$cse_pid")
  cse_port=""
  # The server prints "HTTP listening on 127.0.0.1:<port>" once it accepts connections.
  for _ in $(seq 300); do
    cse_port=$(sed -n 's/.*HTTP listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$dir/citadel.log" |
      head -1)
    [ -n "$cse_port" ] && break
    kill -0 "$cse_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$cse_port" ] || ! wait_for_port "$cse_pid" "$cse_port"; then
    note "citadel did not become ready; its log:"
    tail -20 "$dir/citadel.log" >&2 || true
    return 1
  fi
}

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
