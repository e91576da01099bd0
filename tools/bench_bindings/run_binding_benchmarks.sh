#!/usr/bin/env bash
# CoAP and MQTT throughput on this machine, next to HTTP in the same run (issue 4): one fresh
# Citadel with all three bindings on loopback, a Mosquitto started here on a free port, then
#   http cin / http la        citadel_bench (16 keep-alive connections)
#   coap cin / coap la        citadel_bench_bindings, one UDP socket per worker
#   mqtt echo                 the broker's own ceiling: the same request payload bounced by a
#                             plain echo client instead of the CSE (same two broker hops)
#   mqtt cin / mqtt la        citadel_bench_bindings, one MQTT client (originator) per worker
# and prints the summary lines. Stops only the PIDs it started.
#
# Environment: DURATION [10] s per scenario, CONNECTIONS [16], CITADEL_BIN, BENCH_BIN,
# BINDINGS_BENCH_BIN (default build/bin/...), ONLY=mqtt (the MQTT rows alone, plus one-client
# closed-loop rows: the latency of a single device), BROKER_NODELAY=1 (set_tcp_nodelay true in
# the broker's config; Mosquitto's default is false), PIPELINED [5000] requests.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
citadel_bin=${CITADEL_BIN:-$root/build/bin/citadel}
bench_bin=${BENCH_BIN:-$root/build/bin/citadel_bench}
bindings_bin=${BINDINGS_BENCH_BIN:-$root/build/bin/citadel_bench_bindings}
duration=${DURATION:-10}
connections=${CONNECTIONS:-16}
for bin in "$citadel_bin" "$bench_bin" "$bindings_bin"; do
  [ -x "$bin" ] || { echo "run_binding_benchmarks: no $bin (tools/build.sh)" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/citadel-bindings-bench.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
broker_port=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$broker_port" \
  >"$work/mosquitto.conf"
[ "${BROKER_NODELAY:-0}" = 1 ] && echo "set_tcp_nodelay true" >>"$work/mosquitto.conf"
# Mosquitto drops QoS 1 messages for a client once 1,000 wait for it (max_queued_messages): a
# pipelined burst would then measure the broker's drops whenever a consumer falls behind on this
# shared machine. Room for the whole burst, so that the rate is of answers, every one of them.
echo "max_queued_messages $(( ${PIPELINED:-5000} * 2 ))" >>"$work/mosquitto.conf"
/usr/sbin/mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$broker_port") 2>/dev/null && break
  sleep 0.1
done
broker="tcp://127.0.0.1:$broker_port"

"$citadel_bin" --http.port=0 --coap.enabled=true --coap.port=0 --mqtt.enabled=true \
  --mqtt.broker="$broker" --storage.path="$work/db" --log.level=warning >"$work/citadel.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  grep -q "HTTP listening" "$work/citadel.out" && break
  sleep 0.1
done
http_port=$(sed -n 's/^HTTP listening on .*:\([0-9]*\)$/\1/p' "$work/citadel.out")
coap_port=$(sed -n 's/^CoAP listening on .*:\([0-9]*\)$/\1/p' "$work/citadel.out")
[ -n "$http_port" ] && [ -n "$coap_port" ] || { cat "$work/citadel.out" >&2; exit 2; }
sleep 1  # the MQTT connection comes up in the background

echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
common=(--connections="$connections" --duration="$duration")
if [ "${ONLY:-}" = mqtt ]; then
  one=(--connections=1 --duration="$duration")
  "$bindings_bin" --scenario=mqtt-echo --broker="$broker" "${one[@]}"
  "$bindings_bin" --scenario=mqtt-cin --broker="$broker" "${one[@]}"
  "$bindings_bin" --scenario=mqtt-la --broker="$broker" "${one[@]}"
else
  "$bench_bin" --scenario=cin --port="$http_port" "${common[@]}" 2>/dev/null | sed 's/^/http /'
  "$bench_bin" --scenario=la --port="$http_port" "${common[@]}" 2>/dev/null | sed 's/^/http /'
  "$bindings_bin" --scenario=coap-cin --port="$coap_port" "${common[@]}"
  "$bindings_bin" --scenario=coap-la --port="$coap_port" "${common[@]}"
fi
"$bindings_bin" --scenario=mqtt-echo --broker="$broker" "${common[@]}"
"$bindings_bin" --scenario=mqtt-cin --broker="$broker" "${common[@]}"
"$bindings_bin" --scenario=mqtt-la --broker="$broker" "${common[@]}"
"$bindings_bin" --scenario=mqtt-echo --broker="$broker" --connections=128 --duration="$duration"
"$bindings_bin" --scenario=mqtt-cin --broker="$broker" --connections=128 --duration="$duration"

# Pipelined, with the Mosquitto command-line clients: mosquitto_pub -l sends N
# requests back to back, mosquitto_sub counts N answers. First the broker alone (one way), then
# through an echo client (request and answer: two broker hops), then N contentInstance CREATEs
# through the CSE.
pipelined=${PIPELINED:-5000}
curl -s -X POST "http://127.0.0.1:$http_port/cse-in" -H 'X-M2M-Origin: CAdmin' -H 'X-M2M-RI: p0' \
  -H 'X-M2M-RVI: 3' -H 'Content-Type: application/json;ty=3' -d '{"m2m:cnt":{"rn":"piped"}}' >/dev/null
for i in $(seq "$pipelined"); do
  printf '{"fr":"CAdmin","rqi":"p%s","rvi":"3","op":1,"to":"cse-in/piped","ty":4,"pc":{"m2m:cin":{"con":"21.5"}}}\n' "$i"
done >"$work/requests"
pipe_run() {  # <label> <request topic> <answer topic> <expect>
  mosquitto_sub -p "$broker_port" -q 1 -W 60 -C "$pipelined" -t "$3" >"$work/answers" &
  local sub=$!
  sleep 0.5
  local t0 t1
  t0=$(date +%s.%N)
  mosquitto_pub -p "$broker_port" -q 1 -t "$2" -l <"$work/requests"
  wait "$sub" || true
  t1=$(date +%s.%N)
  local ok
  ok=$(grep -c "$4" "$work/answers" || true)
  echo "scenario=$1 messages=$pipelined answered=$ok seconds=$(echo "$t1 - $t0" | bc)" \
    "per_s=$(echo "$ok / ($t1 - $t0)" | bc)"
}
pipe_run mqtt-broker-oneway /bench/oneway /bench/oneway '"op":1'
# The ceiling of any responder: the same requests bounced by a plain echo client (two broker
# hops per request, as through the CSE, and no work between them).
"$bindings_bin" --scenario=mqtt-echo-server --broker="$broker" --duration=120 &
echo_server=$!
sleep 0.5
pipe_run mqtt-echo-pipelined /bench/echo/req/piped /bench/echo/resp/piped '"op":1'
kill "$echo_server" 2>/dev/null || true
wait "$echo_server" 2>/dev/null || true
pipe_run mqtt-cin-pipelined /oneM2M/req/CAdmin/id-in/json /oneM2M/resp/CAdmin/id-in/json '"rsc":2001'
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
