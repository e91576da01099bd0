#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a passing test suite: installs what is missing,
# builds everything (Release) and runs every test with ctest. The tests start the services they
# need themselves (each integration test launches its own CSE on a free loopback port).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
# The fuzz targets' build (a second, clang build) runs beside ctest at the lowest priority: the
# suite leaves most of the CPU idle (its tests wait on sockets and timers: ~190 CPU-seconds in
# ~250 s on two cores), and nice 19 keeps the tests' share of it. Measured on the 2-core box:
# the two together take ~470 s instead of ~550 s one after the other, the suite green.
FUZZ_BUILD_ONLY=1 nice -n 19 tools/fuzz.sh > fuzz-build.log 2>&1 &
fuzz_build=$!
ctest_status=0
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 300 || ctest_status=$?
fuzz_build_status=0
wait "$fuzz_build" || fuzz_build_status=$?
if [ "$fuzz_build_status" -ne 0 ]; then
  tail -50 fuzz-build.log
  echo "test: the fuzz targets did not build (fuzz-build.log)"
  exit 1
fi
[ "$ctest_status" -eq 0 ] || exit "$ctest_status"
# Every parser's libFuzzer target on its committed corpus, FUZZ_SECONDS (20) each (tests/fuzz),
# with a fixed seed: the inputs CI tries are the ones a developer's run of the commit tried.
FUZZ_SEED=${FUZZ_SEED:-1} tools/fuzz.sh
