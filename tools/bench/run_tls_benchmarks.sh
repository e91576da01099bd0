#!/usr/bin/env bash
# HTTPS against plain HTTP on one fresh CSE (issue 5): contentInstance CREATE and retrieve of
# `la` with wrk (one client for both, so the ratio is the TLS cost), 16 keep-alive connections,
# then new TLS handshakes per second with `openssl s_time -new`. A test PKI is made with
# tools/make_test_pki.sh. wrk cannot present client certificates, so tls.clientAuth is none here
# (the handshake figure is measured with and without a client certificate).
#
# Environment: DURATION [10] s per run, CONNECTIONS [16], CITADEL_BIN [build/bin/citadel].
# Needs wrk (CITADEL_BENCH_DEPS=1 tools/install_deps.sh). Stops only the PIDs it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
citadel_bin=${CITADEL_BIN:-$root/build/bin/citadel}
duration=${DURATION:-10}
connections=${CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "run_tls_benchmarks: no wrk (CITADEL_BENCH_DEPS=1 tools/install_deps.sh)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/citadel-tls-bench.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

"$root/tools/make_test_pki.sh" "$work/pki" Cbench >/dev/null
start_cse() {  # <client auth>
  "$citadel_bin" --http.port=0 --https.enabled=true --https.port=0 --storage.path="$work/db-$1" \
    --tls.certificate="$work/pki/cse.pem" --tls.privateKey="$work/pki/cse.key" \
    --tls.caFile="$work/pki/ca.pem" --tls.clientAuth="$1" --log.level=warning \
    >"$work/citadel-$1.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    grep -q "^HTTP listening" "$work/citadel-$1.out" && break
    sleep 0.1
  done
  http_port=$(sed -n 's/^HTTP listening on .*:\([0-9]*\)$/\1/p' "$work/citadel-$1.out")
  https_port=$(sed -n 's/^HTTPS listening on .*:\([0-9]*\)$/\1/p' "$work/citadel-$1.out")
}
start_cse none

headers=(-H 'X-M2M-Origin: CAdmin' -H 'X-M2M-RI: b' -H 'X-M2M-RVI: 3')
curl -s -o /dev/null -X POST "http://127.0.0.1:$http_port/cse-in" "${headers[@]}" \
  -H 'Content-Type: application/json;ty=3' -d '{"m2m:cnt":{"rn":"bench"}}'
for i in $(seq 100); do
  curl -s -o /dev/null -X POST "http://127.0.0.1:$http_port/cse-in/bench" "${headers[@]}" \
    -H 'Content-Type: application/json;ty=4' -d "{\"m2m:cin\":{\"con\":\"$i\"}}"
done
cat >"$work/cin.lua" <<'LUA'
wrk.method = "POST"
wrk.path = "/cse-in/bench"
wrk.body = '{"m2m:cin":{"cnf":"text/plain:0","con":"21.5"}}'
wrk.headers["X-M2M-Origin"] = "CAdmin"
wrk.headers["X-M2M-RI"] = "wrk"
wrk.headers["X-M2M-RVI"] = "3"
wrk.headers["Content-Type"] = "application/json;ty=4"
LUA
cat >"$work/la.lua" <<'LUA'
wrk.path = "/cse-in/bench/la"
wrk.headers["X-M2M-Origin"] = "CAdmin"
wrk.headers["X-M2M-RI"] = "wrk"
wrk.headers["X-M2M-RVI"] = "3"
LUA

run_wrk() {  # <label> <url> <script>
  local out
  out=$(wrk -t 2 -c "$connections" -d "${duration}s" --latency -s "$3" "$2")
  local rps p99 non2xx
  rps=$(echo "$out" | sed -n 's/^Requests\/sec:[[:space:]]*//p')
  p99=$(echo "$out" | sed -n 's/^[[:space:]]*99%[[:space:]]*//p')
  non2xx=$(echo "$out" | sed -n 's/.*Non-2xx or 3xx responses:[[:space:]]*//p')
  echo "scenario=$1 rps=$rps p99=$p99 non2xx=${non2xx:-0}"
}
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run_wrk http-cin "http://127.0.0.1:$http_port" "$work/cin.lua"
run_wrk https-cin "https://127.0.0.1:$https_port" "$work/cin.lua"
run_wrk http-la "http://127.0.0.1:$http_port" "$work/la.lua"
run_wrk https-la "https://127.0.0.1:$https_port" "$work/la.lua"

handshakes() {  # <label> [s_time options]
  local label=$1
  shift
  local out
  out=$(openssl s_time -connect "127.0.0.1:$https_port" -new -time "$duration" \
    -CAfile "$work/pki/ca.pem" "$@" 2>&1 | grep "real seconds" | head -1)
  # "<n> connections in <t> real seconds, ...": the wall-clock handshake rate.
  local n t
  n=$(echo "$out" | awk '{print $1}')
  t=$(echo "$out" | awk '{print $4}')
  echo "scenario=$label handshakes=$n seconds=$t per_s=$(echo "$n / $t" | bc)"
}
handshakes tls-handshakes-no-client-cert
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
start_cse required
handshakes tls-handshakes-client-cert -cert "$work/pki/Cbench.pem" -key "$work/pki/Cbench.key"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
