#include "tools/bench/load_runner.h"

#include <algorithm>
#include <atomic>
#include <latch>
#include <thread>
#include <utility>

namespace citadel::tools {
namespace {

using Clock = std::chrono::steady_clock;

// Pause after a failed connect so a dead server costs a few errors per second per worker
// instead of a busy loop that would starve the other workers of CPU.
constexpr std::chrono::milliseconds kReconnectBackoff{10};

bool isSuccess(int status) { return status >= 200 && status < 300; }

uint64_t toMicros(Clock::duration elapsed) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count());
}

// One line for the operator: the status and the start of the body (oneM2M puts its `dbg` text
// there), with line breaks flattened so the message stays one log line.
std::string describeResponse(const HttpResponse& response) {
  std::string text =
      "HTTP " + std::to_string(response.status) + ": " + response.body.substr(0, 300);
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

}  // namespace

void RunResult::add(const RunResult& other) {
  requests += other.requests;
  errors += other.errors;
  elapsed_seconds += other.elapsed_seconds;
  latency.merge(other.latency);
  if (first_error.empty()) {
    first_error = other.first_error;
  }
  starved_connections += other.starved_connections;
}

double RunResult::requestsPerSecond() const {
  return elapsed_seconds > 0 ? static_cast<double>(requests) / elapsed_seconds : 0;
}

struct LoadRunner::Worker {
  Worker(uint32_t worker_index, const Endpoint& endpoint, std::chrono::milliseconds io_timeout)
      : index(worker_index), connection(endpoint, io_timeout) {}

  const uint32_t index;
  HttpConnection connection;
  uint64_t next_sequence = 0;  // never reset: (index, sequence) names each request of the run
  // Reused across requests so the loop does not allocate once they have grown.
  std::string request;
  HttpResponse response;
  std::vector<HttpResponse> responses;  // of a pipelined prefill batch
  std::string error;
};

struct LoadRunner::WorkerStats {
  void noteError(const std::string& message) {
    ++errors;
    if (first_error.empty()) {
      first_error = message;
    }
  }

  uint64_t requests = 0;
  uint64_t errors = 0;
  LatencyHistogram latency;
  std::string first_error;
  Clock::time_point last_completion{};
};

// Shared by the workers of one phase. The time points are written by the coordinating thread
// before `go` opens; the latch orders those writes before every worker's reads.
struct LoadRunner::Window {
  explicit Window(size_t workers) : ready(static_cast<std::ptrdiff_t>(workers)) {}

  std::latch ready;
  std::latch go{1};
  Clock::time_point measure_start{};
  Clock::time_point deadline{};
  uint64_t max_requests = 0;
  Clock::duration interval{};  // open loop: between two requests of one connection; 0: closed
  std::atomic<uint64_t> tickets{0};
  std::atomic<bool> stop{false};
};

LoadRunner::LoadRunner(const Endpoint& endpoint, const Scenario& scenario, uint32_t connections,
                       std::chrono::milliseconds io_timeout)
    : scenario_(scenario) {
  workers_.reserve(connections);
  for (uint32_t i = 0; i < connections; ++i) {
    workers_.push_back(std::make_unique<Worker>(i, endpoint, io_timeout));
  }
}

LoadRunner::~LoadRunner() = default;

bool LoadRunner::ensureOpen(Worker& worker, WorkerStats* stats) {
  if (worker.connection.isOpen()) {
    return true;
  }
  if (worker.connection.open(worker.error)) {
    return true;
  }
  if (stats != nullptr) {
    stats->noteError(worker.error);
  }
  std::this_thread::sleep_for(kReconnectBackoff);
  return false;
}

void LoadRunner::closeConnections() {
  for (const std::unique_ptr<Worker>& worker : workers_) {
    worker->connection.close();
  }
}

RunResult LoadRunner::prefill(uint64_t count, uint32_t pipeline) {
  const uint64_t batch = std::max<uint32_t>(1, pipeline);
  Window window(workers_.size());
  std::vector<WorkerStats> stats(workers_.size());
  const Clock::time_point start = Clock::now();
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < workers_.size(); ++i) {
      threads.emplace_back([&, i] {
        while (!window.stop.load(std::memory_order_relaxed)) {
          const uint64_t first = window.tickets.fetch_add(batch, std::memory_order_relaxed);
          if (first >= count) {
            break;
          }
          prefillBatch(*workers_[i], window, stats[i], first, std::min(batch, count - first));
        }
      });
    }
  }
  RunResult result;
  result.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (const WorkerStats& worker_stats : stats) {
    result.requests += worker_stats.requests;
    result.errors += worker_stats.errors;
    if (result.first_error.empty()) {
      result.first_error = worker_stats.first_error;
    }
  }
  return result;
}

void LoadRunner::prefillBatch(Worker& worker, Window& window, WorkerStats& stats, uint64_t first,
                              uint64_t count) {
  bool ok = ensureOpen(worker, &stats);
  if (ok) {
    worker.request.clear();
    for (uint64_t index = first; index < first + count; ++index) {
      scenario_.appendPrefillRequest(worker.index, worker.next_sequence++, index, worker.request);
    }
    ok = worker.connection.exchangePipelined(worker.request, count, worker.responses,
                                             worker.error);
    if (!ok) {
      stats.noteError(worker.error);
    }
    for (uint64_t i = 0; ok && i < count; ++i) {
      if (!isSuccess(worker.responses[i].status)) {
        stats.noteError(describeResponse(worker.responses[i]));
        ok = false;
      } else {
        ++stats.requests;
      }
    }
  }
  if (!ok) {
    window.stop.store(true, std::memory_order_relaxed);
  }
}

RunResult LoadRunner::run(const RunLimits& limits) {
  Window window(workers_.size());
  window.max_requests = limits.max_requests;
  if (limits.rate > 0) {
    window.interval = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(static_cast<double>(workers_.size()) / limits.rate));
  }
  std::vector<WorkerStats> stats(workers_.size());
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < workers_.size(); ++i) {
      threads.emplace_back([&, i] { runWorker(*workers_[i], window, stats[i]); });
    }
    // Start the clock only once every worker has its connection, so connection set-up is
    // neither timed nor staggered into the window.
    window.ready.wait();
    window.measure_start =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(limits.warmup);
    window.deadline =
        window.measure_start + std::chrono::duration_cast<Clock::duration>(limits.duration);
    window.go.count_down();
  }  // jthreads join here.

  RunResult result;
  Clock::time_point last_completion = window.measure_start;
  for (const WorkerStats& worker_stats : stats) {
    result.requests += worker_stats.requests;
    result.errors += worker_stats.errors;
    result.starved_connections += worker_stats.requests == 0 ? 1 : 0;
    result.latency.merge(worker_stats.latency);
    if (result.first_error.empty()) {
      result.first_error = worker_stats.first_error;
    }
    last_completion = std::max(last_completion, worker_stats.last_completion);
  }
  result.elapsed_seconds =
      std::chrono::duration<double>(last_completion - window.measure_start).count();
  if (result.elapsed_seconds <= 0) {
    result.elapsed_seconds = limits.duration.count();
  }
  return result;
}

void LoadRunner::runWorker(Worker& worker, Window& window, WorkerStats& stats) {
  ensureOpen(worker, nullptr);  // A failure here is retried (and counted) inside the loop.
  window.ready.count_down();
  window.go.wait();
  const bool paced = window.interval > Clock::duration::zero();
  // Open loop: the workers' first requests are spread over one interval, so that the load is
  // even rather than in bursts of `connections` requests.
  Clock::time_point due =
      Clock::now() + window.interval * worker.index / std::max<size_t>(1, workers_.size());
  while (true) {
    if (paced) {
      std::this_thread::sleep_until(due);
    }
    const Clock::time_point now = Clock::now();
    if (now >= window.deadline) {
      break;
    }
    const bool counted = now >= window.measure_start;
    // A ticket per counted request enforces --max-requests across workers without a lock.
    if (counted && window.max_requests > 0 &&
        window.tickets.fetch_add(1, std::memory_order_relaxed) >= window.max_requests) {
      break;
    }
    if (!ensureOpen(worker, counted ? &stats : nullptr)) {
      if (counted) {
        stats.last_completion = Clock::now();  // A dead server still ends the window on time.
      }
      continue;
    }
    worker.request.clear();
    scenario_.appendRequest(worker.index, worker.next_sequence++, worker.request);
    // Open loop: timed from when the request was due, so a server that fell behind is charged
    // for the wait (Gil Tene's coordinated omission); the next one is due an interval later.
    const Clock::time_point sent = paced ? std::min(due, Clock::now()) : Clock::now();
    if (paced) due += window.interval;
    const bool ok = worker.connection.exchange(worker.request, worker.response, worker.error);
    const Clock::time_point done = Clock::now();
    if (!counted) {
      continue;
    }
    stats.last_completion = done;
    if (!ok) {
      stats.noteError(worker.error);
      continue;
    }
    ++stats.requests;
    stats.latency.record(toMicros(done - sent));
    if (!isSuccess(worker.response.status)) {
      stats.noteError(describeResponse(worker.response));
    }
  }
}

}  // namespace citadel::tools
