#pragma once
// Runs a program with arguments (no shell) and captures stdout and stderr separately, bounded
// by a timeout; for the tests of command-line tools (citadel-token, citadel-das start-up
// errors). Only the PID started here is ever signalled.

#include <chrono>
#include <string>
#include <vector>

namespace citadel::testing {

struct ProcessOutput {
  int exit_code = -1;      // the exit status; -1 when it did not exit normally or timed out
  bool timed_out = false;  // killed (SIGKILL) after the timeout
  std::string out;         // everything written to stdout
  std::string err;         // everything written to stderr
};

// Runs argv[0] (a path) with `argv`. A program that cannot be started gives exit code 127.
ProcessOutput runProcess(const std::vector<std::string>& argv,
                         std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace citadel::testing
