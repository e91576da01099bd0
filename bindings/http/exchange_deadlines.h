#pragma once
// Whole-exchange deadlines for the HTTP client (issue 15 #19). Poco bounds each read, not the
// exchange: a target (a notification URL or DAS that an originator chose) that trickles a byte
// just inside the read timeout would hold the sending thread (a notification worker, or the
// request worker waiting on a DAS) for as long as it likes. A socket armed here is shut down
// when its deadline passes, so the blocked read fails at once.
//
// One thread per instance sleeps until the earliest deadline. Thread-safe.

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace citadel::http {

class ExchangeDeadlines {
 public:
  using Clock = std::chrono::steady_clock;

  ExchangeDeadlines();   // starts the thread
  ~ExchangeDeadlines();  // stops it; armed sockets are left alone

  ExchangeDeadlines(const ExchangeDeadlines&) = delete;
  ExchangeDeadlines& operator=(const ExchangeDeadlines&) = delete;

  // Shuts `socket` down (both directions) at `deadline` unless disarmed first. `socket` shares
  // the session's socket; it need not be connected yet. Returns the handle for disarm().
  uint64_t arm(Poco::Net::StreamSocket socket, Clock::time_point deadline);
  // Forgets the handle. True when its deadline already fired (the exchange was cut off).
  bool disarm(uint64_t handle);
  // Fires every armed deadline now (the sender is closing: no exchange may hold its thread).
  void fireAll();

 private:
  struct Armed {
    Poco::Net::StreamSocket socket;
    Clock::time_point deadline;
  };
  void run();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<uint64_t, Armed> armed_;
  std::set<uint64_t> fired_;
  uint64_t next_handle_ = 1;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace citadel::http
