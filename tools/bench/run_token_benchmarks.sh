#!/usr/bin/env bash
# Token access against plain ACP access, and the DAS round trip (issue 6), on one fresh CSE with
# wrk (one client for every run, so the ratios are the CSE's cost):
#   acp    RETRIEVE of a container whose <accessControlPolicy> grants the reader
#   token  RETRIEVE of a container only a token grants, the token in Authorization on every
#          request (ES256; the CSE's verification cache makes repeats cost a SHA-256)
#   ltid   the same with the local token ID (ltids) the CSE assigned to that token
#   das    RETRIEVE of a container whose DAC sends every request to the reference DAS, which
#          grants once: each request is one DAS round trip over HTTP
# The four runs are interleaved ROUNDS times, so that drift of the machine touches all of them;
# the table gives the mean of each and the range of the per-round ratio to acp.
# Environment: DURATION [10] s per run, ROUNDS [3], CONNECTIONS [16], CITADEL_BIN, DAS_BIN, TOKEN_BIN
# (build/bin/…). Needs wrk (CITADEL_BENCH_DEPS=1 tools/install_deps.sh). Everything listens on
# 127.0.0.1; the script stops only the PIDs it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
citadel_bin=${CITADEL_BIN:-$root/build/bin/citadel}
das_bin=${DAS_BIN:-$root/build/bin/citadel-das}
token_bin=${TOKEN_BIN:-$root/build/bin/citadel-token}
duration=${DURATION:-10}
rounds=${ROUNDS:-3}
connections=${CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "run_token_benchmarks: no wrk (CITADEL_BENCH_DEPS=1 tools/install_deps.sh)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/citadel-token-bench.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

wait_line() {  # <file> <pattern>
  for _ in $(seq 100); do
    grep -q "$2" "$1" && return 0
    sleep 0.1
  done
  echo "run_token_benchmarks: no '$2' in $1" >&2
  cat "$1" >&2
  exit 1
}

# Issuers: an ES256 authority for the AE's token, an HS256 secret shared with the DAS.
mkdir -p "$work/authority" "$work/das"
"$token_bin" keygen --alg=ES256 --out="$work/authority" >/dev/null
"$token_bin" keygen --alg=HS256 --out="$work/das" >/dev/null
das_secret=$(cat "$work/das/issuer.secret")
printf 'authority.example.com ES256 %s\ndas.citadel.example.com HS256 %s\n' \
  "$work/authority/issuer.pub.pem" "$das_secret" >"$work/issuers"
chmod 600 "$work/issuers"
echo '* * R grant-once' >"$work/das.policy"

"$das_bin" --http.port=0 --issuer=das.citadel.example.com --alg=HS256 --key="$das_secret" \
  --audience=//citadel.example.com/id-in --allow=/id-in --policy="$work/das.policy" \
  --log.level=warning >"$work/das.out" 2>&1 &
pids+=($!)
wait_line "$work/das.out" "^DAS HTTP listening"
das_port=$(sed -n 's/^DAS HTTP listening on .*:\([0-9]*\)$/\1/p' "$work/das.out")

"$citadel_bin" --http.port=0 --storage.path="$work/db" --log.level=warning \
  --token.issuers="$work/issuers" >"$work/citadel.out" 2>&1 &
pids+=($!)
wait_line "$work/citadel.out" "^HTTP listening"
port=$(sed -n 's/^HTTP listening on .*:\([0-9]*\)$/\1/p' "$work/citadel.out")
base="http://127.0.0.1:$port/cse-in"

post() {  # <originator> <path> <ty> <body>
  curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port$2" \
    -H "X-M2M-Origin: $1" -H 'X-M2M-RI: setup' -H 'X-M2M-RVI: 3' \
    -H "Content-Type: application/json;ty=$3" -d "$4" | grep -q '^201$' ||
    { echo "run_token_benchmarks: setup POST $2 failed" >&2; exit 1; }
}
post Creader /cse-in 2 '{"m2m:ae":{"rn":"reader","api":"Nreader","rr":false,"srv":["3"]}}'
post CAdmin /cse-in 1 '{"m2m:acp":{"rn":"readers","pv":{"acr":[{"acor":["Creader"],"acop":2}]},"pvs":{"acr":[{"acor":["CAdmin"],"acop":63}]}}}'
post CAdmin /cse-in 3 '{"m2m:cnt":{"rn":"byacp","acpi":["cse-in/readers"]}}'
post CAdmin /cse-in 3 '{"m2m:cnt":{"rn":"bytoken"}}'
post CAdmin /cse-in 34 "{\"m2m:dac\":{\"rn\":\"dac\",\"dae\":true,\"dap\":[\"http://127.0.0.1:$das_port/das\"]}}"
post CAdmin /cse-in 3 '{"m2m:cnt":{"rn":"bydas","daci":["cse-in/dac"]}}'

token=$("$token_bin" --issuer=authority.example.com --alg=ES256 --key="$work/authority/issuer.key.pem" \
  --holder=//citadel.example.com/id-in/Creader --audience=//citadel.example.com/id-in \
  --ris=cse-in/bytoken --op=R --ttl=3600)
# One request with the token to learn its local token ID (X-M2M-ATI: lti:tkid).
lti=$(curl -s -D - -o /dev/null "$base/bytoken" -H 'X-M2M-Origin: Creader' -H 'X-M2M-RI: lti' \
  -H 'X-M2M-RVI: 3' -H "Authorization: $token" | tr -d '\r' | sed -n 's/^X-M2M-ATI: \([^:]*\):.*/\1/p')
[ -n "$lti" ] || { echo "run_token_benchmarks: no X-M2M-ATI for the token" >&2; exit 1; }

lua() {  # <name> <path> [extra header line]
  cat >"$work/$1.lua" <<LUA
wrk.path = "$2"
wrk.headers["X-M2M-Origin"] = "Creader"
wrk.headers["X-M2M-RI"] = "wrk"
wrk.headers["X-M2M-RVI"] = "3"
wrk.headers["Accept"] = "application/json"
${3:-}
done = function(summary, latency, requests)
  io.write(string.format("RESULT %s %.0f %.0f %.0f %d %d\n", "$1",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout))
end
LUA
}
lua acp /cse-in/byacp
lua token /cse-in/bytoken "wrk.headers[\"Authorization\"] = \"$token\""
lua ltid "/cse-in/bytoken?ltids=$lti"
lua das /cse-in/bydas

echo "# token benchmarks: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${duration}s x ${connections} connections x ${rounds} rounds"
for round in $(seq "$rounds"); do
  for run in acp token ltid das; do
    wrk -t2 -c"$connections" -d"${duration}s" -s "$work/$run.lua" "http://127.0.0.1:$port" |
      grep '^RESULT' | sed "s/^RESULT/RESULT $round/" | tee -a "$work/results"
  done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
  /^RESULT/ { r = $3; n[r]++; rps[r] += $4; p50[r] += $5; p99[r] += $6; err[r] += $7 + $8
              round_rps[$2, r] = $4; rounds = ($2 > rounds ? $2 : rounds) }
  END {
    printf "\n| run | req/s (mean) | p50 (us) | p99 (us) | errors | ratio to acp (mean, min..max per round) |\n|---|---|---|---|---|---|\n"
    split("acp token ltid das", order, " ")
    for (i = 1; i <= 4; i++) { r = order[i]; lo = 1e9; hi = 0
      for (k = 1; k <= rounds; k++) { q = round_rps[k, r] / round_rps[k, "acp"]; lo = q < lo ? q : lo; hi = q > hi ? q : hi }
      printf "| %s | %.0f | %.0f | %.0f | %d | %.2f (%.2f..%.2f) |\n", r, rps[r] / n[r], p50[r] / n[r], p99[r] / n[r], err[r],
        rps[r] / rps["acp"], lo, hi }
    printf "\nDAS round trip (mean p50 das - mean p50 acp): %.0f us\n", p50["das"] / n["das"] - p50["acp"] / n["acp"]
  }' "$work/results"
