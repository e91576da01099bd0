#include "tools/bench_bindings/closed_loop.h"

#include <atomic>
#include <iomanip>
#include <mutex>
#include <sstream>
#include <thread>

namespace citadel::tools {

LoopResult runClosedLoop(std::vector<std::unique_ptr<Exchange>>& workers,
                         std::chrono::duration<double> warmup,
                         std::chrono::duration<double> duration) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  const Clock::time_point window_start =
      start + std::chrono::duration_cast<Clock::duration>(warmup);
  const Clock::time_point window_end =
      window_start + std::chrono::duration_cast<Clock::duration>(duration);
  std::vector<LoopResult> partial(workers.size());
  std::vector<Clock::time_point> last(workers.size(), window_start);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < workers.size(); ++i) {
    threads.emplace_back([&, i] {
      LoopResult& mine = partial[i];
      uint64_t seq = 0;
      while (true) {
        Clock::time_point sent = Clock::now();
        if (sent >= window_end) break;
        std::string error;
        bool ok = workers[i]->exchange(seq++, &error);
        Clock::time_point done = Clock::now();
        if (sent < window_start) continue;  // warm-up
        ++mine.requests;
        last[i] = done;
        mine.latency.record(static_cast<uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(done - sent).count()));
        if (!ok) {
          ++mine.errors;
          if (mine.first_error.empty()) mine.first_error = error;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  LoopResult total;
  Clock::time_point end = window_start;
  for (size_t i = 0; i < workers.size(); ++i) {
    total.requests += partial[i].requests;
    total.errors += partial[i].errors;
    total.latency.merge(partial[i].latency);
    if (total.first_error.empty()) total.first_error = partial[i].first_error;
    if (last[i] > end) end = last[i];
  }
  total.elapsed_seconds = std::chrono::duration<double>(end - window_start).count();
  return total;
}

std::string summaryLine(const std::string& scenario, size_t connections, const LoopResult& r) {
  const double rps = r.elapsed_seconds > 0 ? static_cast<double>(r.requests) / r.elapsed_seconds : 0;
  auto ms = [](double micros) { return micros / 1000.0; };
  std::ostringstream line;
  line << std::fixed << "scenario=" << scenario << " connections=" << connections
       << std::setprecision(2) << " duration_s=" << r.elapsed_seconds << " requests=" << r.requests
       << " errors=" << r.errors << std::setprecision(1) << " rps=" << rps << std::setprecision(3)
       << " p50_ms=" << ms(r.latency.quantileMicros(0.50))
       << " p99_ms=" << ms(r.latency.quantileMicros(0.99))
       << " max_ms=" << ms(static_cast<double>(r.latency.maxMicros()));
  return line.str();
}

}  // namespace citadel::tools
