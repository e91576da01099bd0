#pragma once
// Slow-loris clients (issue 15 #11), for citadel_bench --slow-connections and the HTTP server's
// attack tests: connections to a loopback port that send the start of a request and then one
// more header byte every `interval`, never finishing their headers. Each byte comes well inside
// any per-read timeout, so only a deadline for the whole request closes them; while they are
// open they must hold no worker of the server. std and POSIX only, like the rest of the bench.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace citadel::tools {

class SlowConnections {
 public:
  // Opens `count` connections to `host` (IPv4 literal):`port`, sends "GET /cse-in HTTP/1.1\r\n
  // Host: …\r\nX-Slow: " on each, then a byte per connection every `interval` from a background
  // thread. Connections that cannot be opened are left out (see opened()).
  SlowConnections(uint16_t port, int count, std::chrono::milliseconds interval,
                  const std::string& host = "127.0.0.1");
  ~SlowConnections();  // stops trickling and closes what is still open

  SlowConnections(const SlowConnections&) = delete;
  SlowConnections& operator=(const SlowConnections&) = delete;

  size_t opened() const { return fds_.size(); }
  // Connections the server has closed (end of stream, reset or a failed send).
  size_t closedByPeer() const { return closed_.load(); }
  // Header bytes sent so far on all connections (the request lines not counted).
  size_t trickled() const { return trickled_.load(); }

 private:
  void trickle(std::chrono::milliseconds interval);

  std::vector<int> fds_;
  std::vector<bool> open_;  // the trickling thread's own
  std::atomic<size_t> closed_{0};
  std::atomic<size_t> trickled_{0};
  std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace citadel::tools
