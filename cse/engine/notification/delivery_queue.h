#pragma once
// Asynchronous delivery of outgoing NOTIFYs through the PrimitiveSender port.
//  * Bounded: at most max_queued items, max_queued_bytes bytes in all and max_target_bytes for
//    one target wait (bytes of the NOTIFY's content, model::jsonBytes); beyond that new items
//    are dropped, counted and logged (issue 15 #12: a slow receiver and a flood of events cannot
//    grow the CSE's memory). A latestNotify item still replaces its waiting predecessor.
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
  size_t max_queued_bytes = 64 << 20;  // waiting, all targets (limits.notificationQueueBytes)
  size_t max_target_bytes = 4 << 20;   // waiting, one target (limits.notificationTargetBytes)
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
  // What one item counts against the byte bounds: its content and addressing.
  static size_t bytesOf(const DeliveryItem& item);

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
