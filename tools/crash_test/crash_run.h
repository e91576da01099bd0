#pragma once
// CrashRun: the crash-and-verify loop (tools/crash_test/README.md). Each cycle starts the
// writers on every binding, kill -9s the CSE after a random delay, restarts it on the same
// storage and verifies the ledgers; the last cycle verifies everything.

#include <cstdint>
#include <string>
#include <vector>

#include "tools/crash_test/crash_options.h"
#include "tools/crash_test/ledger.h"

namespace citadel::crash_test {

struct CrashSummary {
  int cycles = 0;
  bool setup_failed = false;
  std::string setup_error;
  WriteCounters counters;
  int64_t resources_read = 0;
  std::vector<std::string> violations;
  std::vector<std::string> rejections;  // error answers to writes (a tool or CSE problem)
  double seconds = 0;
};

// Runs the whole test; progress lines go to stdout. Never throws.
CrashSummary runCrashTest(const CrashOptions& options);

// The summary as Markdown: cycles, writes per type (acknowledged / unanswered / rejected),
// violations (every one), time.
std::string formatSummary(const CrashOptions& options, const CrashSummary& summary);

}  // namespace citadel::crash_test
