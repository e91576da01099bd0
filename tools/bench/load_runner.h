#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tools/bench/http_connection.h"
#include "tools/bench/latency_histogram.h"
#include "tools/bench/scenarios.h"

namespace citadel::tools {

// Bounds of one timed run. Requests started during the warm-up are sent but not counted.
struct RunLimits {
  std::chrono::duration<double> warmup{1.0};
  std::chrono::duration<double> duration{10.0};
  uint64_t max_requests = 0;  // 0: until `duration` ends
  // > 0: open loop, `rate` requests a second over all connections, each timed from when it
  // was due (no coordinated omission). 0: closed loop.
  double rate = 0;
};

struct RunResult {
  uint64_t requests = 0;       // responses received (any status) for requests started in the window
  uint64_t errors = 0;         // non-2xx responses plus failed exchanges and reconnects
  double elapsed_seconds = 0;  // window start to the last counted completion
  LatencyHistogram latency;    // send-to-last-byte of every counted response
  std::string first_error;     // the first error seen, for the operator
  // Connections that completed no request in the window: a server that serves some connections
  // and leaves the others waiting shows here, not in the latency of the ones it served.
  uint64_t starved_connections = 0;

  // Folds in another window of the same load (e.g. the two halves of a baseline run around the
  // timed one): counts, time and latencies add up, the first error stays the earliest one.
  void add(const RunResult& other);
  // requests / elapsed_seconds, 0 for an empty window.
  double requestsPerSecond() const;
};

// Drives one scenario over N keep-alive connections, one thread per connection, each sending
// its next request as soon as the previous response has arrived (closed loop), or at a fixed
// pace (open loop, RunLimits::rate).
//
// Connections and per-worker sequence numbers persist across prefill() and run(), so request
// IDs stay unique and the timed run starts on already-open connections. A failed exchange is
// counted as an error and the worker reconnects and continues. Not thread-safe itself: call
// prefill() and run() from one thread, one after the other.
class LoadRunner {
 public:
  // `endpoint` and `scenario` must outlive the runner.
  LoadRunner(const Endpoint& endpoint, const Scenario& scenario, uint32_t connections,
             std::chrono::milliseconds io_timeout);
  ~LoadRunner();

  // Sends `count` untimed prefill requests spread over all connections, `pipeline` at a time
  // on each (HTTP/1.1 pipelining; 1: one request per round trip). Stops at the first error (the
  // state to be measured would be wrong anyway); the result then has errors > 0.
  RunResult prefill(uint64_t count, uint32_t pipeline = 1);
  // Closes every connection; the next prefill() or run() reopens them before its clock starts.
  // For a pause in which the server might drop idle connections (e.g. a baseline run against
  // another server in between).
  void closeConnections();
  // Runs warm-up then the timed window, bounded by limits.duration and limits.max_requests.
  RunResult run(const RunLimits& limits);

 private:
  struct Worker;
  struct WorkerStats;
  struct Window;

  void runWorker(Worker& worker, Window& window, WorkerStats& stats);
  // Sends prefill requests number [first, first + count) in one pipelined batch; on any failure
  // records it and tells every worker to stop.
  void prefillBatch(Worker& worker, Window& window, WorkerStats& stats, uint64_t first,
                    uint64_t count);
  // Opens the worker's connection if needed; on failure records the error and backs off.
  bool ensureOpen(Worker& worker, WorkerStats* stats);

  const Scenario& scenario_;
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace citadel::tools
