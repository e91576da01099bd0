#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running IN-CSE: installs what is missing,
# builds in Release mode and starts the CSE in the foreground (HTTP on 127.0.0.1:8080, RocksDB
# in ./data). Extra arguments are passed to the server: tools/run.sh --http.port=9090
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/build.sh citadel
exec build/bin/citadel --storage.path=./data "$@"
