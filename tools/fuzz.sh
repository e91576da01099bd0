#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, -DCITADEL_FUZZ=ON, clang) in ./build-fuzz and runs
# each on its committed corpus for a bounded time, two at a time (issue 23).
#   FUZZ_SECONDS   seconds per target (default 20)
#   FUZZ_JOBS      targets run at once (default 2)
#   FUZZ_SEED      libFuzzer's -seed (default 0: a new random seed each run). The test command
#                  fixes it, so that CI explores the same inputs as a developer's run of the
#                  same commit (a slower machine runs a prefix of that sequence); long runs
#                  leave it random.
#   FUZZ_TARGETS   space-separated subset, e.g. "json cbor" (default: every target)
#   CITADEL_FUZZ_OPTIONAL=1  exit 0, saying why, when clang or libFuzzer is missing (CI installs
#                  both through tools/install_deps.sh, so there it always runs)
#   FUZZ_BUILD_ONLY=1  build the targets and stop (tools/test.sh builds them beside ctest)
# New inputs found during the run go to build-fuzz/corpus/<target>/ (the committed corpus in
# tests/fuzz/corpus/ is only read). A run with a fixed seed starts that folder empty, as a clean
# clone does: the inputs a previous local run found would otherwise steer the search, and CI
# (which has none) would explore other inputs than the developer's run of the same commit. Any crash, leak, timeout or failed invariant fails the run
# and prints the reproducer: build-fuzz/artifacts/<target>/crash-<sha1>, to be replayed with
#   build-fuzz/bin/<target>_fuzz <reproducer>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-20}
jobs=${FUZZ_JOBS:-2}
seed=${FUZZ_SEED:-0}

skip() {
  echo "fuzz: $1"
  if [ "${CITADEL_FUZZ_OPTIONAL:-0}" = 1 ]; then
    echo "fuzz: skipped (CITADEL_FUZZ_OPTIONAL=1)"
    exit 0
  fi
  echo "fuzz: install clang-14 and libclang-rt-14-dev (tools/install_deps.sh), or set CITADEL_FUZZ_OPTIONAL=1"
  exit 1
}
cxx=$(command -v clang++-14 || command -v clang++ || true)
cc=$(command -v clang-14 || command -v clang || true)
[ -n "$cxx" ] && [ -n "$cc" ] || skip "clang-14 not found"
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' \
  >"$probe/probe.cpp"
"$cxx" -fsanitize=fuzzer,address,undefined "$probe/probe.cpp" -o "$probe/probe" 2>/dev/null ||
  skip "$cxx cannot link -fsanitize=fuzzer (libclang-rt-14-dev missing?)"

if [ ! -f build-fuzz/build.ninja ]; then
  launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  # OSS-Fuzz's optimisation and debug levels: -O1 with line tables keeps stack traces
  # symbolised and compiles in about half the time of -O2 -g (this build is part of CI).
  CC=$cc CXX=$cxx cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -fno-omit-frame-pointer" \
    -DCITADEL_FUZZ=ON -DCITADEL_BUILD_TESTS=OFF -DCITADEL_BUILD_TOOLS=OFF "${launcher[@]}"
fi
ninja -C build-fuzz -j"$(nproc 2>/dev/null || echo 2)" citadel_fuzz_targets
if [ "${FUZZ_BUILD_ONLY:-0}" = 1 ]; then
  echo "fuzz: targets built"
  exit 0
fi

targets=${FUZZ_TARGETS:-$(cd build-fuzz/bin && ls -- *_fuzz | sed 's/_fuzz$//')}
run_one() {
  local target=$1 args=()
  [ "$seed" != 0 ] && rm -rf "build-fuzz/corpus/$target" "build-fuzz/artifacts/$target"
  mkdir -p "build-fuzz/corpus/$target" "build-fuzz/artifacts/$target"
  [ -f "tests/fuzz/dict/$target.dict" ] && args+=("-dict=tests/fuzz/dict/$target.dict")
  [ -d "tests/fuzz/corpus/$target" ] && args+=("tests/fuzz/corpus/$target")
  if "build-fuzz/bin/${target}_fuzz" -max_total_time="$seconds" -seed="$seed" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$target/" \
      "build-fuzz/corpus/$target" "${args[@]}" >"build-fuzz/artifacts/$target.log" 2>&1; then
    echo "fuzz: $target ok ($(grep -o 'cov: [0-9]*' "build-fuzz/artifacts/$target.log" | tail -1)," \
      "$(grep -o 'stat::number_of_executed_units: [0-9]*' "build-fuzz/artifacts/$target.log" | awk '{print $2}') runs)"
  else
    echo "fuzz: $target FAILED; log build-fuzz/artifacts/$target.log"
    grep -E 'ERROR|fuzz invariant|SUMMARY|uncaught' "build-fuzz/artifacts/$target.log" | head -5
    for reproducer in "build-fuzz/artifacts/$target"/*; do
      [ -e "$reproducer" ] && echo "fuzz: reproducer $reproducer (build-fuzz/bin/${target}_fuzz $reproducer)"
    done
    return 1
  fi
}
export -f run_one
export seconds seed
failed=0
printf '%s\n' $targets | xargs -P"$jobs" -I{} bash -c 'run_one {}' || failed=1
if [ $failed -ne 0 ]; then
  echo "fuzz: failed"
  exit 1
fi
echo "fuzz: every target ran ${seconds}s without a crash"
