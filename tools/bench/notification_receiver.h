#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace citadel::tools {

// The notification target of the `fanout` scenario: a minimal HTTP/1.1 keep-alive server on
// 127.0.0.1:<ephemeral> inside the bench, one thread per connection (the CSE opens only a few:
// one per delivery worker and per request thread that verifies a subscription).
//
// Every request is answered "200 OK" with "X-M2M-RSC: 2000" (and the request's X-M2M-RI) and no
// body, which is what a oneM2M receiver returns for a NOTIFY, including the verification request
// sent when a subscription is created. It parses only the framing (Content-Length) and looks for
// two markers in the body:
//  * `"vrq"` counts a verification request;
//  * `"nev"` counts a notification. Its round is the number after the first "fanout-r" in the
//    body (the bench puts "fanout-r<round>-..." into the cin's con); rounds outside
//    [0, rounds) and bodies without the marker count as unattributed.
// Per round it records how many arrived and when the first and the last arrived.
class NotificationReceiver {
 public:
  using Clock = std::chrono::steady_clock;

  struct RoundStats {
    uint64_t received = 0;
    Clock::time_point first{};
    Clock::time_point last{};
  };

  explicit NotificationReceiver(uint32_t rounds);
  ~NotificationReceiver();  // stop()
  NotificationReceiver(const NotificationReceiver&) = delete;
  NotificationReceiver& operator=(const NotificationReceiver&) = delete;

  // Binds 127.0.0.1:0 and starts accepting. Returns false with `error` set on failure.
  bool start(std::string& error);
  // Closes the listener and every connection and joins all threads. Idempotent.
  void stop();
  uint16_t port() const { return port_; }

  // Waits until round `round` has received `expected` notifications or `deadline` passes;
  // returns the round's figures at that moment.
  RoundStats waitForRound(uint32_t round, uint64_t expected, Clock::time_point deadline);
  uint64_t verifications() const;
  uint64_t unattributed() const;

 private:
  void acceptLoop();
  void serveConnection(int fd);
  // Looks at one complete request; returns the X-M2M-RI value to echo (may be empty).
  std::string noteRequest(std::string_view head, std::string_view body);

  const uint32_t rounds_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::thread acceptor_;

  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  bool stopping_ = false;
  std::vector<int> connection_fds_;  // open connections, so stop() can shut them down
  std::vector<std::thread> connection_threads_;
  std::vector<RoundStats> round_stats_;
  uint64_t waiting_round_ = UINT64_MAX;  // the round waitForRound() waits for, if any
  uint64_t waiting_expected_ = 0;
  uint64_t verifications_ = 0;
  uint64_t unattributed_ = 0;
};

}  // namespace citadel::tools
