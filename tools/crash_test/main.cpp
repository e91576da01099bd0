// citadel-crash-test: kill -9 the real CSE under concurrent HTTP, CoAP and MQTT writers, restart
// it and check that every acknowledged write is there (tools/crash_test/README.md). Exit 0 when
// no violation was found, 1 on a violation or a failed set-up, 2 on a usage error.
#include <iostream>

#include "tools/crash_test/crash_options.h"
#include "tools/crash_test/crash_run.h"

int main(int argc, char** argv) {
  using namespace citadel::crash_test;
  auto options = parseCrashOptions(argc, argv);
  if (!options.isOk()) {
    std::cerr << options.status().dbg() << "\n";
    return 2;
  }
  CrashSummary summary = runCrashTest(options.value());
  std::cout << formatSummary(options.value(), summary) << std::flush;
  return summary.setup_failed || !summary.violations.empty() ? 1 : 0;
}
