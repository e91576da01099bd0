#include "tests/support/test_cse.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string_view>

#ifndef CITADEL_BINARY
#error "CITADEL_BINARY must name the built citadel executable (tests/CMakeLists.txt)"
#endif

namespace citadel::testing {
namespace {

// Generous: a start normally takes well under a second, but on a loaded 2-core machine one
// restart in several hundred (the crash test's kill cycles) took over 10 s.
constexpr std::chrono::seconds kStartTimeout{30};
constexpr std::string_view kReadyPrefix = "HTTP listening on ";

}  // namespace

TestCse::TestCse(std::vector<std::string> extra_args, std::string stderr_path)
    : dir_("citadel-cse"),
      storage_path_(dir_.file("db")),
      extra_args_(std::move(extra_args)),
      stderr_path_(std::move(stderr_path)) {
  start();
}

TestCse::~TestCse() { stop(); }

bool TestCse::start() {
  if (process_.pid() > 0) {
    ADD_FAILURE() << "TestCse::start: already running (pid " << process_.pid() << ")";
    return false;
  }
  port_ = 0;
  // CITADEL_TEST_BINARY runs the tests against another build (e.g. the previous commit's, to
  // show that an attack test fails there).
  const char* other_build = std::getenv("CITADEL_TEST_BINARY");
  std::vector<std::string> args = {other_build != nullptr ? other_build : CITADEL_BINARY,
                                   "--http.port=0",
                                   "--storage.path=" + storage_path_, "--log.level=warning"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  if (!process_.start(args, stderr_path_)) {
    return false;
  }
  // The ready line carries the bound port after its last ':'.
  bool ready = process_.readLinesUntil(
      [&](const std::string& line) {
        size_t colon = line.rfind(':');
        if (line.find(kReadyPrefix) == std::string::npos || colon == std::string::npos) {
          return false;
        }
        port_ = static_cast<uint16_t>(std::stoi(line.substr(colon + 1)));
        return true;
      },
      kStartTimeout);
  return ready && port_ != 0;
}

bool TestCse::running() { return process_.running(); }

void TestCse::stop(std::chrono::milliseconds grace) { process_.stop(grace); }

void TestCse::kill9() { process_.kill9(); }

void TestCse::restart() {
  stop();
  start();
}

}  // namespace citadel::testing
