#pragma once
// A hostile HTTP target for the whole-exchange deadline tests (issue 15 #19): it accepts one
// connection, reads the request head, then sends a status line and a header one byte every
// 100 ms (kBytes of them, 30 s in all) until the client goes away. Each byte comes well inside
// any per-read timeout, so only a deadline for the whole exchange stops the client waiting.

#include <atomic>
#include <cstdint>
#include <thread>

namespace citadel::testing {

class TricklingHttpTarget {
 public:
  static constexpr int kBytes = 300;

  TricklingHttpTarget();   // binds a free loopback port and starts serving one connection
  ~TricklingHttpTarget();  // join()

  uint16_t port() const { return port_; }
  // Header bytes sent before the client went away (kBytes: it never did).
  int trickled() const { return trickled_.load(); }
  // Waits until the connection is over (or no client came within 10 s).
  void join();

 private:
  void serve();

  int listener_ = -1;
  uint16_t port_ = 0;
  std::atomic<int> trickled_{0};
  std::thread thread_;
};

}  // namespace citadel::testing
