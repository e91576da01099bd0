#!/usr/bin/env bash
# Issue 18's benchmark rows, in one run beside nginx: `la` RETRIEVE of a container on an MN-CSE
# read directly at the MN and forwarded through its IN-CSE (TS-0004 §7.3.2.6), and a fanOutPoint
# RETRIEVE of a group of 100 members — all on the IN, and half of them on the MN (forwarded).
#
# One IN (id-in) and one MN (id-mn, registered with the IN), fresh, on 127.0.0.1 with
# security.plainCse=loopback. Set-up with curl: at the MN an ACP granting the timed originators,
# a container "data" with 100 instances and 50 containers m0..m49; at the IN 50 containers and
# the two groups. Rows (citadel_bench --scenario=path, each with its nginx baseline):
#   la direct      GET /cse-mn/data/la at the MN, as the MN's AE Cdirect
#   la forwarded   GET /~/id-mn/cse-mn/data/la at the IN, as the IN's AE Cbench (forwarded as
#                  /id-in/Cbench; the MN's ACP decides)
#   fopt 100 local / 50+50 remote   GET /cse-in/<group>/fopt at the IN, as CAdmin
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

note() { echo "run_inter_cse: $*" >&2; }
die() {
  note "$*"
  exit 2
}
[ -x "$bench_bin" ] || die "no $bench_bin; build it first"
[ -x "$citadel_bin" ] || die "no $citadel_bin; build it first"
[ -x "$nginx_bin" ] || die "no $nginx_bin (CITADEL_BENCH_DEPS=1 tools/install_deps.sh)"

work_prefix=citadel-inter-cse
# shellcheck source=tools/bench/bench_processes.sh
source "$root/tools/bench/bench_processes.sh"

ri_of() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(next(iter(d.values()))["ri"])'; }

start_nginx || die "nginx did not start"
start_cse "$work/in" --security.plainCse=loopback || die "the IN did not start"
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
m2m "$in_port" POST /cse-in Cbench 2 \
  '{"m2m:ae":{"rn":"bench","api":"Nbench","rr":false,"srv":["3"]}}' >/dev/null
m2m "$mn_port" POST /cse-mn Cdirect 2 \
  '{"m2m:ae":{"rn":"direct","api":"Ndirect","rr":false,"srv":["3"]}}' >/dev/null
acp=$(m2m "$mn_port" POST /cse-mn CAdmin 1 '{"m2m:acp":{"rn":"benchAcp",
  "pv":{"acr":[{"acor":["Cdirect","/id-in/Cbench","/id-in/CAdmin"],"acop":63}]},
  "pvs":{"acr":[{"acor":["CAdmin"],"acop":63}]}}}' | ri_of)
m2m "$mn_port" POST /cse-mn CAdmin 3 "{\"m2m:cnt\":{\"rn\":\"data\",\"acpi\":[\"$acp\"]}}" >/dev/null
for i in $(seq 100); do
  m2m "$mn_port" POST /cse-mn/data CAdmin 4 "{\"m2m:cin\":{\"con\":\"v$i\"}}" >/dev/null
done
local_members="" mixed_members=""
for i in $(seq 0 49); do
  m2m "$in_port" POST /cse-in CAdmin 3 "{\"m2m:cnt\":{\"rn\":\"m$i\"}}" >/dev/null
  m2m "$in_port" POST /cse-in CAdmin 3 "{\"m2m:cnt\":{\"rn\":\"n$i\"}}" >/dev/null
  m2m "$mn_port" POST /cse-mn CAdmin 3 "{\"m2m:cnt\":{\"rn\":\"m$i\",\"acpi\":[\"$acp\"]}}" \
    >/dev/null
  local_members+="\"cse-in/m$i\",\"cse-in/n$i\","
  mixed_members+="\"cse-in/m$i\",\"/id-mn/cse-mn/m$i\","
done
m2m "$in_port" POST /cse-in CAdmin 9 \
  "{\"m2m:grp\":{\"rn\":\"local100\",\"mnm\":100,\"mid\":[${local_members%,}]}}" >/dev/null
m2m "$in_port" POST /cse-in CAdmin 9 \
  "{\"m2m:grp\":{\"rn\":\"mixed100\",\"mnm\":100,\"mid\":[${mixed_members%,}]}}" >/dev/null
# Both answer before timing (a member that fails would show as errors, not as speed).
m2m "$in_port" GET /cse-in/mixed100/fopt CAdmin | python3 -c \
  'import json,sys; r=json.load(sys.stdin)["m2m:agr"]["m2m:rsp"]; bad=[x for x in r if x["rsc"]!=2000]; sys.exit(len(bad))' \
  || die "a member of mixed100 does not answer 2000"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
row() {
  local label=$1 port=$2 pid=$3 path=$4 from=$5
  note "row: $label"
  local line
  if ! line=$("$bench_bin" --host=127.0.0.1 --port="$port" --nginx-port="$nginx_port" \
    --cse-pid="$pid" --scenario=path --path="$path" --originator="$from" \
    --connections="$connections" --warmup="$warmup" --duration="$duration" \
    2>>"$work/bench.err"); then
    line="failed"
    tail -3 "$work/bench.err" >&2
  fi
  rows+=("$label|$line")
}
row "la RETRIEVE at the MN (direct)" "$mn_port" "$mn_pid" /cse-mn/data/la Cdirect
row "la RETRIEVE through the IN (forwarded)" "$in_port" "$in_pid" /~/id-mn/cse-mn/data/la Cbench
row "fopt RETRIEVE, 100 members on the IN" "$in_port" "$in_pid" /cse-in/local100/fopt CAdmin
row "fopt RETRIEVE, 50 on the IN + 50 on the MN" "$in_port" "$in_pid" /cse-in/mixed100/fopt \
  CAdmin
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "Inter-CSE rows: $(nproc) CPUs (${cpu:-unknown CPU}), $(uname -sr); client, nginx, the IN"
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
