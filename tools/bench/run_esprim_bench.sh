#!/usr/bin/env bash
# ESPrim-protected cin CREATE and `la` RETRIEVE beside the plain ones, over HTTP, against one
# fresh CSE (issue 16: target ESPrim >= 0.7 x plain). Starts the CSE with ESPrim on, a shared rand
# object and a pairwise key for the bench AE (only processes it starts, stopped by PID), runs
# citadel_bench_esprim (rows interleaved, ROUNDS times) and prints its Markdown table.
#
#   CITADEL_BIN [build/bin/citadel]   ESPRIM_BENCH_BIN [build/bin/citadel_bench_esprim]
#   DURATION [4] seconds per row      ROUNDS [3]      CONNECTIONS [16]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
citadel_bin=${CITADEL_BIN:-$root/build/bin/citadel}
bench_bin=${ESPRIM_BENCH_BIN:-$root/build/bin/citadel_bench_esprim}
nginx_bin=${NGINX_BIN:-/usr/sbin/nginx}  # bench_processes.sh wants one; not started here

note() { echo "run_esprim_bench: $*" >&2; }
[ -x "$bench_bin" ] || { note "no $bench_bin (tools/build.sh citadel_bench_esprim)"; exit 2; }
[ -x "$citadel_bin" ] || { note "no $citadel_bin (tools/build.sh citadel)"; exit 2; }

work_prefix=citadel-esprim-bench
# shellcheck source=tools/bench/bench_processes.sh
source "$root/tools/bench/bench_processes.sh"

key=$(openssl rand -hex 32)
(umask 077 && printf 'k-bench Cbench %s\n' "$key" >"$work/esprim.keys" &&
  printf '%s\n' "$key" >"$work/client.key")
start_cse "$work/cse" --esprim.enabled=true --esprim.keyFile="$work/esprim.keys" \
  --esprim.sharedRandLifetime=3600 || exit 2
echo "ESPrim vs plain: $(nproc) CPUs, $(uname -sr); client and CSE on 127.0.0.1," \
  "${CONNECTIONS:-16} connections, ${DURATION:-4} s per row, ${ROUNDS:-3} rounds interleaved;" \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
"$bench_bin" --cse="http://127.0.0.1:$cse_port" --from=Cbench --key-id=k-bench \
  --key-file="$work/client.key" --connections="${CONNECTIONS:-16}" \
  --duration="${DURATION:-4}" --rounds="${ROUNDS:-3}"
