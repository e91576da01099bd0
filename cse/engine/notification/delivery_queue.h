#pragma once
// Asynchronous delivery of outgoing NOTIFYs through the PrimitiveSender port.
//  * Bounded: at most max_queued items wait; beyond that new items are dropped and counted.
//  * Per-target order: a target's items are sent one at a time, in enqueue order.
//  * Isolation: a target is served by one worker at a time, so a dead or slow target holds at
//    most one worker (for its timeout) and never delays other targets beyond that.
//  * Latest-only: an item with a latest_key replaces a queued, unsent item with the same key
//    (latestNotify, TS-0004 §7.5.1.2.2).
// The queueing is model::WorkQueue's, one lane per target; this class adds the retries and the
// counters. Thread-safety: enqueue, waitIdle and the counters from any thread (also from on_done);
// start and stop from the owner.

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "cse/model/ports.h"
#include "cse/model/work_queue.h"

namespace citadel::engine {

struct DeliveryItem {
  std::string target_uri;
  model::Request request;
  std::string latest_key;  // empty: never replaced
  // Called on the worker thread with the final response (after retries).
  std::function<void(const model::Response&)> on_done;
};

struct DeliveryOptions {
  size_t workers = 4;
  size_t max_queued = 100000;  // waiting and in flight
  int max_attempts = 2;        // per item: 1 try + 1 retry
  std::chrono::milliseconds retry_delay{200};
};

class DeliveryQueue {
 public:
  DeliveryQueue(model::PrimitiveSender& sender, DeliveryOptions options);
  ~DeliveryQueue();  // stops; items still queued are dropped

  void start();
  void stop();
  // False (and counted as dropped) when the queue is full or stopped.
  bool enqueue(DeliveryItem item);
  // Waits until nothing is queued or in flight, at most `timeout`. For tests and shutdown.
  bool waitIdle(std::chrono::milliseconds timeout);

  uint64_t delivered() const { return delivered_.load(); }
  uint64_t failed() const { return failed_.load(); }
  uint64_t dropped() const { return dropped_.load(); }

 private:
  void deliver(DeliveryItem& item);
  model::Response sendWithRetries(const DeliveryItem& item);

  model::PrimitiveSender& sender_;
  DeliveryOptions options_;
  model::WorkQueue<DeliveryItem> queue_;  // keyed by target_uri
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> dropped_{0};
};

}  // namespace citadel::engine
