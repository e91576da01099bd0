#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "tools/bench/http_connection.h"
#include "tools/bench/load_runner.h"

namespace citadel::tools {

// The ceiling every figure of the issue-25 table is a ratio to: nginx serving a small static
// file, measured by this same client with the same connection count in the same run, so that
// the machine's state (load, frequency, other tenants) falls on both alike.
//
// run() may be called several times (citadel_bench runs half the duration just before and half
// just after the timed window); total() is the sum of those windows. Each run() opens its own
// connections and closes them at its end, so the file descriptors of the baseline and of the
// timed load are never held at once. Not thread-safe.
class NginxBaseline {
 public:
  // `endpoint` is nginx's address; `path` the file (a GET without oneM2M headers).
  NginxBaseline(const Endpoint& endpoint, std::string path, uint32_t connections,
                std::chrono::milliseconds io_timeout);

  // Runs the `static` load for `seconds` (no warm-up: connection set-up is never timed) and adds
  // the window to total().
  void run(double seconds);
  const RunResult& total() const { return total_; }

 private:
  Endpoint endpoint_;
  std::string path_;
  uint32_t connections_;
  std::chrono::milliseconds io_timeout_;
  RunResult total_;
};

// rps / nginx_rps as the summary prints it: 0 when the baseline served nothing.
double ratioToBaseline(double rps, double baseline_rps);

}  // namespace citadel::tools
