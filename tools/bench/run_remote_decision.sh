#!/usr/bin/env bash
# Issue 22's benchmark row, in one run beside nginx: a RETRIEVE at an MN-CSE decided by the MN's
# own ACP, and the same RETRIEVE decided by a remote PDP on its IN-CSE (TS-0003 §7.5.2: the MN's
# ACP grants nothing itself and names the IN's <authorizationDecision> in adri).
#
# One IN (id-in, authorization.pdp with a policy map for /id-mn/cse-mn/remote) and one MN
# (id-mn, registered with the IN), fresh, on 127.0.0.1 with security.plainCse=loopback. Set-up
# with curl. Rows (citadel_bench --scenario=path, each with its nginx baseline):
#   local decision    GET /cse-mn/local as Cbench (the MN's ACP grants RETRIEVE)
#   remote PDP        GET /cse-mn/remote as Cbench (each request: an UPDATE to the IN's PDP)
#
# Builds nothing: expects build/bin/citadel and build/bin/citadel_bench. Only the PIDs started
# here are stopped (an EXIT trap covers failures); the temp directory is deleted.
# Environment: CITADEL_BIN, BENCH_BIN, NGINX_BIN, DURATION [5], CONNECTIONS [16], WARMUP [1].
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
citadel_bin=${CITADEL_BIN:-$root/build/bin/citadel}
bench_bin=${BENCH_BIN:-$root/build/bin/citadel_bench}
nginx_bin=${NGINX_BIN:-/usr/sbin/nginx}
duration=${DURATION:-5}
connections=${CONNECTIONS:-16}
warmup=${WARMUP:-1}

note() { echo "run_remote_decision: $*" >&2; }
die() {
  note "$*"
  exit 2
}
[ -x "$bench_bin" ] || die "no $bench_bin; build it first"
[ -x "$citadel_bin" ] || die "no $citadel_bin; build it first"
[ -x "$nginx_bin" ] || die "no $nginx_bin (CITADEL_BENCH_DEPS=1 tools/install_deps.sh)"

work_prefix=citadel-remote-decision
# shellcheck source=tools/bench/bench_processes.sh
source "$root/tools/bench/bench_processes.sh"


start_nginx || die "nginx did not start"
start_cse "$work/in" --security.plainCse=loopback --authorization.pdp=true \
  --authorization.requesters=/id-mn \
  --authorization.policies=/id-mn/cse-mn/remote=cse-in/fleetAcp || die "the IN did not start"
in_pid=$cse_pid in_port=$cse_port
start_cse "$work/mn" --security.plainCse=loopback --cse.type=MN --cse.id=id-mn \
  --cse.name=cse-mn --registrar.url="http://127.0.0.1:$in_port" --registrar.cseId=id-in \
  --registrar.cseBaseName=cse-in --registrar.retryMax=1000 || die "the MN did not start"
mn_pid=$cse_pid mn_port=$cse_port
registered=0
for _ in $(seq 100); do
  if curl -sf "http://127.0.0.1:$in_port/cse-in/id-mn" -H 'X-M2M-Origin: CAdmin' \
    -H 'X-M2M-RI: r' -H 'X-M2M-RVI: 3' >/dev/null; then
    registered=1
    break
  fi
  sleep 0.2
done
[ "$registered" = 1 ] || die "the MN did not register with the IN"

note "set-up"
admin='"pvs":{"acr":[{"acor":["CAdmin"],"acop":63}]}'
m2m "$in_port" POST /cse-in CAdmin 1 "{\"m2m:acp\":{\"rn\":\"fleetAcp\",$admin,
  \"pv\":{\"acr\":[{\"acor\":[\"/id-mn/Cbench\"],\"acop\":2}]}}}" >/dev/null
m2m "$in_port" POST /cse-in CAdmin 1 "{\"m2m:acp\":{\"rn\":\"askers\",$admin,
  \"pv\":{\"acr\":[{\"acor\":[\"/id-mn\"],\"acop\":4}]}}}" >/dev/null
m2m "$in_port" POST /cse-in CAdmin 35 '{"m2m:auds":{"rn":"pdp","acpi":["cse-in/askers"]}}' \
  >/dev/null
m2m "$mn_port" POST /cse-mn Cbench 2 \
  '{"m2m:ae":{"rn":"bench","api":"Nbench","rr":false,"srv":["3"]}}' >/dev/null
m2m "$mn_port" POST /cse-mn CAdmin 1 "{\"m2m:acp\":{\"rn\":\"localAcp\",$admin,
  \"pv\":{\"acr\":[{\"acor\":[\"Cbench\"],\"acop\":2}]}}}" >/dev/null
m2m "$mn_port" POST /cse-mn CAdmin 1 "{\"m2m:acp\":{\"rn\":\"pepAcp\",$admin,
  \"pv\":{\"acr\":[]},\"adri\":[\"/id-in/cse-in/pdp\"]}}" >/dev/null
m2m "$mn_port" POST /cse-mn CAdmin 3 '{"m2m:cnt":{"rn":"local","acpi":["cse-mn/localAcp"]}}' \
  >/dev/null
m2m "$mn_port" POST /cse-mn CAdmin 3 '{"m2m:cnt":{"rn":"remote","acpi":["cse-mn/pepAcp"]}}' \
  >/dev/null
# Both answer before timing (a denial would show as errors, not as speed).
m2m "$mn_port" GET /cse-mn/local Cbench >/dev/null
m2m "$mn_port" GET /cse-mn/remote Cbench >/dev/null

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
row() {
  local label=$1 path=$2
  note "row: $label"
  local line
  if ! line=$("$bench_bin" --host=127.0.0.1 --port="$mn_port" --nginx-port="$nginx_port" \
    --cse-pid="$mn_pid" --scenario=path --path="$path" --originator=Cbench \
    --connections="$connections" --warmup="$warmup" --duration="$duration" \
    2>>"$work/bench.err"); then
    line="failed"
    tail -3 "$work/bench.err" >&2
  fi
  rows+=("$label|$line")
}
row "RETRIEVE, the MN's own ACP decides" /cse-mn/local
row "RETRIEVE, the IN's PDP decides (adri)" /cse-mn/remote
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "Remote PDP rows: $(nproc) CPUs (${cpu:-unknown CPU}), $(uname -sr); client, nginx, the IN"
echo "and the MN on 127.0.0.1; $connections connections, ${duration} s per row, nginx as long."
echo "Load average (1/5/15 min) before: $load_before; after: $load_after."
echo
echo "| workload | req/s | nginx req/s | × nginx | p50 ms | p99 ms | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for entry in "${rows[@]}"; do
  label=${entry%%|*} line=${entry#*|}
  if [ "$line" = failed ]; then
    echo "| $label | failed | | | | | |"
    continue
  fi
  echo "| $label | $(field "$line" rps) | $(field "$line" nginx_rps) | $(field "$line" ratio) |" \
    "$(field "$line" p50_ms) | $(field "$line" p99_ms) | $(field "$line" errors) |"
done
echo
echo '```'
for entry in "${rows[@]}"; do echo "${entry#*|}"; done
echo '```'
