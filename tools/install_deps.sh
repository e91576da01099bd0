#!/usr/bin/env bash
# Installs the Debian 12 packages Citadel needs to build, run and test, when they are missing.
# Idempotent; uses sudo when not run as root. Nothing is vendored or downloaded elsewhere.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libpoco-dev          # the tests' HTTP client and notification receiver
  libboost-dev         # Boost.Beast/Asio (header-only): the HTTP server and sender
  librocksdb-dev       # the embedded store
  nlohmann-json3-dev   # JSON (and CBOR) documents
  libssl-dev           # TLS, hashes, timing-safe compares
  libgtest-dev libgmock-dev
  curl openssl         # the HTTPS tests drive curl with certificates made by openssl
  libcoap3-dev libcoap3-bin      # CoAP binding (OpenSSL flavour) and coap-client for tests
  libmosquitto-dev                     # MQTT binding (its client library)
  libpaho-mqttpp-dev libpaho-mqtt-dev  # the tests' independent MQTT client
  mosquitto mosquitto-clients    # the MQTT broker and mosquitto_pub/sub for tests
  libcjose-dev                   # JWS for tokens (TS-0003 §7.3)
  clang-14 libclang-rt-14-dev    # libFuzzer, ASan and UBSan for tools/fuzz.sh (tests/fuzz)
)
if [ "${CITADEL_BENCH_DEPS:-0}" = 1 ]; then
  packages+=(nginx)    # the static-file ceiling of tools/bench/run_benchmarks.sh
  packages+=(wrk)      # HTTP and HTTPS with one client: tools/bench/run_tls_benchmarks.sh
  packages+=(valgrind) # callgrind: tools/bench/instructions_per_request.sh
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install_deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
