#!/usr/bin/env bash
# Instructions a Citadel build executes per request, counted by valgrind's callgrind: a figure
# that does not move with the load of a shared machine, for comparing two builds of one change
# (issue 25 #4). Not a throughput: system calls, lock waits and cache misses cost time that no
# instruction count shows, so rates are still measured beside nginx (run_issue25.sh).
#
# Usage: tools/bench/instructions_per_request.sh CITADEL_BIN REQUESTS [citadel_bench flags...]
#   e.g. tools/bench/instructions_per_request.sh build/bin/citadel 4000 --scenario=cin --mni=100 --prefill=100
# Runs the CSE under callgrind (two HTTP threads, a temporary storage directory, 127.0.0.1 and
# the port in CSE_PORT [18090]), one untimed citadel_bench run of 300 requests to warm it up,
# then zeroes the counters, sends REQUESTS requests over one connection and prints the
# instructions per request. Stops only the CSE it started; deletes its directory. Takes about
# 10-30 s per 1,000 requests (callgrind runs the CSE ~50 times slower). With CALLGRIND_OUT=<file>
# the profile of the measured requests is kept there (callgrind_annotate --inclusive=yes <file>).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
citadel_bin=${1:?usage: $0 CITADEL_BIN REQUESTS [bench flags]}
requests=${2:?usage: $0 CITADEL_BIN REQUESTS [bench flags]}
shift 2
bench_bin=${BENCH_BIN:-$root/build/bin/citadel_bench}
port=${CSE_PORT:-18090}
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
dir=$(mktemp -d /tmp/citadel-ir.XXXXXX)
cse_pid=""
cleanup() {
  [ -z "$cse_pid" ] || kill "$cse_pid" 2>/dev/null || true
  [ -z "$cse_pid" ] || wait "$cse_pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" --dump-instr=no \
  "$citadel_bin" --http.address=127.0.0.1 --http.port="$port" --storage.path="$dir/data" \
  --log.level=warning --http.threads=2 >"$dir/log" 2>&1 &
cse_pid=$!
for _ in $(seq 240); do
  grep -q "HTTP listening" "$dir/log" 2>/dev/null && break
  kill -0 "$cse_pid" 2>/dev/null || { cat "$dir/log" >&2; exit 2; }
  sleep 0.5
done
bench=("$bench_bin" --host=127.0.0.1 --port="$port" --warmup=0 --connections=1 --duration=300)
"${bench[@]}" --max-requests=300 "$@" >/dev/null 2>&1
callgrind_control -z "$cse_pid" >/dev/null 2>&1
line=$("${bench[@]}" --max-requests="$requests" "$@" 2>/dev/null)
callgrind_control -d "$cse_pid" >/dev/null 2>&1
sent=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$line")
errors=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$line")
total=$(awk '/^(summary|totals):/ { print $2; exit }' "$dir"/cg.out.1)
[ -z "${CALLGRIND_OUT:-}" ] || cp "$dir/cg.out.1" "$CALLGRIND_OUT"
echo "instructions_per_request=$((total / sent)) requests=$sent errors=$errors args=$*"
