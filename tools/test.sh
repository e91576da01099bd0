#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a passing test suite: installs what is missing,
# builds everything (Release) and runs every test with ctest. The tests start the services they
# need themselves (each integration test launches its own CSE on a free loopback port).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 300
# Every parser's libFuzzer target on its committed corpus, FUZZ_SECONDS (20) each (tests/fuzz),
# with a fixed seed: the inputs CI tries are the ones a developer's run of the commit tried.
FUZZ_SEED=${FUZZ_SEED:-1} tools/fuzz.sh
