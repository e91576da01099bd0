#pragma once
// The requests waiting for request-unreachable entities, and their long polls (TS-0001
// §10.2.5.17-.19, TS-0004 §7.4.22.2): per <pollingChannel> (by resource ID), a queue of request
// primitives for the entity, the long polls waiting for one, and the requests delivered and not
// yet answered.
//
//  - deliver(): a request for the entity. A waiting poll gets it at once; otherwise it waits in
//    the queue. Its `done` receives the entity's answer — the m2m:rsp the entity NOTIFYs to pcu,
//    matched by rqi — or 4008 REQUEST_TIMEOUT when none came by its deadline (TS-0001
//    §10.2.5.17: "When the stored request expires ... the Hosting CSE shall return an error").
//  - poll(): a long-poll RETRIEVE of pcu. Its `done` receives a response whose content is the
//    oldest waiting request ({"m2m:rqp": ...}), or 4008 at its deadline (§7.4.22.2.2 Recv-6.5).
//  - answer(): the entity's NOTIFY to pcu carrying the response to a delivered request.
//
// Bounded (an attacker owning a channel, or a flood towards one, cannot grow the CSE): at most
// `max_queued` requests per channel (5103 for more, at once), at most `max_polls` polls waiting
// per channel (the oldest is answered 4008 when a newer one comes), and at most `max_channels`
// channels with state at a time. Callbacks run outside the lock, on the caller's thread or on
// this object's timer thread; they must not block for long. In memory only: a restart answers
// nothing that was queued (the senders see their own timeouts), as for any request in flight.
//
// Thread-safety: every method may be called from any thread.

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "cse/engine/timer_queue.h"
#include "cse/model/clock.h"
#include "cse/model/ports.h"

namespace citadel::engine {

struct PollingLimits {
  size_t max_queued = 64;      // requests waiting per channel
  size_t max_polls = 2;        // long polls waiting per channel
  size_t max_channels = 10000;  // channels with anything waiting
};

// When a wait for `request` ends: `longest` from now, or its rqet when that is earlier (`now`
// is the clock rqet is read against). For both ends of a channel: a poll, a delivered request.
std::chrono::steady_clock::time_point waitDeadline(const model::Request& request,
                                                   std::chrono::milliseconds longest,
                                                   model::TimePoint now);

class PollingChannels {
 public:
  using Deadline = std::chrono::steady_clock::time_point;
  using Callback = model::PrimitiveHandler::ResponseCallback;

  explicit PollingChannels(PollingLimits limits = {}) : limits_(limits) {}
  // close().
  ~PollingChannels();
  // The CSE is stopping: everything still waiting is answered 5103, and so is whatever comes
  // after (a long poll must not hold a binding's worker through its shutdown). Idempotent.
  void close();
  PollingChannels(const PollingChannels&) = delete;
  PollingChannels& operator=(const PollingChannels&) = delete;

  void deliver(const std::string& channel, model::Request request, Deadline deadline,
               Callback done);
  void poll(const std::string& channel, Deadline deadline, Callback done);
  // 4004 when no request with the response's rqi was delivered on `channel` and is waiting for
  // its answer; OK otherwise (the waiting sender has it).
  model::Status answer(const std::string& channel, model::Response response);

  // Requests queued (not yet delivered) on `channel`; for tests and metrics.
  size_t queued(const std::string& channel) const;

 private:
  struct Item {
    model::Request request;
    Deadline deadline;
    Callback done;
  };
  struct Poll {
    Deadline deadline;
    Callback done;
  };
  struct Channel {
    std::deque<Item> queued;
    std::map<std::string, Item> delivered;  // by the rqi the entity answers with
    std::deque<Poll> polls;
    bool empty() const { return queued.empty() && delivered.empty() && polls.empty(); }
  };
  // Answers what has expired on `channel` 4008 (scheduled at each deadline).
  void expire(const std::string& channel);
  void scheduleExpiry(const std::string& channel, Deadline deadline);
  static model::Response carrying(const model::Request& request);

  const PollingLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Channel> channels_;  // guarded by mutex_
  bool closed_ = false;                                 // guarded by mutex_
  TimerQueue timers_;  // last member: stopped first, before the state its tasks touch
};

}  // namespace citadel::engine
