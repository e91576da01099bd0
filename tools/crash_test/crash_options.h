#pragma once
// Command line of citadel-crash-test (tools/crash_test/README.md).

#include <cstdint>
#include <string>

#include "cse/model/status.h"

namespace citadel::crash_test {

struct CrashOptions {
  std::string cse_binary;       // the citadel executable under test (first positional argument)
  int cycles = 20;              // --cycles: kill -9 and restart this many times
  bool sync = true;             // --sync: storage.sync of the CSE under test
  uint64_t seed = 0;            // --seed: 0 picks one from the clock (printed, to rerun)
  int writers_per_binding = 1;  // --writers: concurrent writers on each of HTTP, CoAP, MQTT
  int min_run_ms = 300;         // --min-run-ms / --max-run-ms: the random delay before kill -9
  int max_run_ms = 2500;
  int time_limit_s = 1800;  // --time-limit-s: stop starting cycles after this long
  int sample = 200;         // --sample: untouched resources re-read per cycle (all at the end)
  bool keep = false;        // --keep: leave the storage directory and logs in place
};

// Parses argv. 4000 with a usage line in dbg on an unknown or malformed argument.
model::Result<CrashOptions> parseCrashOptions(int argc, char** argv);

// One line per option, for --help and error messages.
std::string crashUsage();

}  // namespace citadel::crash_test
