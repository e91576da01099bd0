# Sourced (not run) by the run_*.sh benchmarks: the temp directory, the processes
# a script starts and stops (only those, by PID; an EXIT trap covers failures), nginx as the
# ceiling and a fresh Citadel. The sourcing script sets citadel_bin and nginx_bin, defines
# note() and die(), and may set work_prefix (the temp directory's name), nginx_worker_connections [1024]
# and nginx_rlimit_nofile [unset] (room for thousands of connections).
# shellcheck shell=bash
# citadel_bin and nginx_bin come from the sourcing script; coap_port and nginx_pid are read there.
# shellcheck disable=SC2154,SC2034

work=$(mktemp -d "${TMPDIR:-/tmp}/${work_prefix:-citadel-bench}.XXXXXX")
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

# m2m <port> <method> <path> <from> [<ty> <body>]: one request; prints the body, fails unless
# the answer is 2xx (die() otherwise). Set-up requests of the inter-CSE benchmarks.
request_number=0
m2m() {
  local port=$1 method=$2 path=$3 from=$4 ty=${5:-} body=${6:-}
  request_number=$((request_number + 1))
  local args=(-sS -X "$method" "http://127.0.0.1:$port$path" -H "X-M2M-Origin: $from"
    -H "X-M2M-RI: setup$request_number" -H "X-M2M-RVI: 3" -w '\n%{http_code}')
  [ -z "$ty" ] || args+=(-H "Content-Type: application/json;ty=$ty" -d "$body")
  local out code
  out=$(curl "${args[@]}")
  code=${out##*$'\n'}
  [[ $code == 2* ]] || die "$method $path as $from: HTTP $code ${out%$'\n'*}"
  echo "${out%$'\n'*}"
}

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
${nginx_rlimit_nofile:+worker_rlimit_nofile $nginx_rlimit_nofile;}
events { worker_connections ${nginx_worker_connections:-1024}; }
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
# Starts a CSE in directory $1 with the citadel flags that follow; sets cse_pid, cse_port and
# coap_port (empty unless CoAP is enabled).
coap_port=""
start_cse() {
  local dir=$1
  shift
  mkdir -p "$dir"
  : >"$dir/citadel.log"  # exists before the port is looked for in it
  "$citadel_bin" --http.address=127.0.0.1 --http.port=0 --storage.path="$dir/data" \
    --log.level=warning "$@" >"$dir/citadel.log" 2>&1 &
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
  coap_port=$(sed -n 's/.*CoAP listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$dir/citadel.log" |
    head -1)
  if [ -z "$cse_port" ] || ! wait_for_port "$cse_pid" "$cse_port"; then
    note "citadel did not become ready; its log:"
    tail -20 "$dir/citadel.log" >&2 || true
    return 1
  fi
}
