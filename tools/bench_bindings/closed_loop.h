#pragma once
// A closed-loop load driver shared by the CoAP and MQTT scenarios: N worker threads, each
// sending its next request as soon as the previous answer arrived, for a warm-up then a timed
// window. The protocol lives in the Exchange a worker is given; this file only counts.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tools/bench/latency_histogram.h"

namespace citadel::tools {

// One worker's protocol state: exchange() sends request number `seq` and waits for its answer.
// False (with *error) counts as an error; the worker continues.
class Exchange {
 public:
  virtual ~Exchange() = default;
  virtual bool exchange(uint64_t seq, std::string* error) = 0;
};

struct LoopResult {
  uint64_t requests = 0;
  uint64_t errors = 0;
  double elapsed_seconds = 0;
  LatencyHistogram latency;
  std::string first_error;
};

// Runs every exchange in `workers` on its own thread: `warmup` untimed, then `duration` timed.
LoopResult runClosedLoop(std::vector<std::unique_ptr<Exchange>>& workers,
                         std::chrono::duration<double> warmup,
                         std::chrono::duration<double> duration);

// "scenario=coap-cin connections=16 ... rps=... p50_ms=... p99_ms=..." (citadel_bench's form).
std::string summaryLine(const std::string& scenario, size_t connections, const LoopResult& r);

}  // namespace citadel::tools
