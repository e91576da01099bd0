#pragma once
// A bounded work queue served by a fixed pool of worker threads: the one queue behind the CoAP
// server, the MQTT binding and the notification delivery and event threads.
//
//  * Bounded: at most `max_items` items wait (and, with `counts_in_flight`, are being handled),
//    and at most `max_bytes` bytes wait, as measured by the caller's SizeOf, of which at most
//    `max_lane_bytes` in any one lane (one slow key cannot take the whole byte budget). A push
//    beyond any bound is refused with PushResult::kFull; nothing blocks the producer (the MQTT
//    library's receive thread and the CoAP I/O thread must never wait).
//  * Order: unkeyed items start in push order. Items pushed with the same non-empty key form a
//    lane: they are handled one at a time, in push order, so one slow key holds one worker and
//    never delays other keys (notification delivery keeps per-target order this way).
//  * Replacement: a push may name which waiting item of its lane it replaces (latestNotify);
//    the item a worker already holds is never replaced.
//  * Stop: kDropQueued lets the workers finish the items they hold and drops what waits;
//    kDrainQueued handles everything accepted before the stop first.
//
// Thread-safety: push, size and waitIdle may be called from any thread, including a worker
// (a handler may push more work). start and stop are for the owner and never from a worker.
// The handler runs on the workers, concurrently for different items; an exception escaping it is
// logged and the worker carries on (callers convert their own errors; this is the last line).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cse/model/log.h"

namespace citadel::model {

enum class PushResult {
  kAccepted,  // queued; the handler will see it (unless stopped with kDropQueued first)
  kReplaced,  // took the place of a waiting item of its lane; that item is gone
  kFull,      // a bound was reached; the item was not queued
  kStopped,   // the queue is stopped; the item was not queued
};

enum class StopMode {
  kDropQueued,   // finish the items being handled, drop the waiting ones
  kDrainQueued,  // handle every accepted item, then stop
};

struct WorkQueueOptions {
  std::string name = "work queue";  // for log lines
  size_t workers = 1;               // 0 is taken as 1
  size_t max_items = std::numeric_limits<size_t>::max();
  size_t max_bytes = std::numeric_limits<size_t>::max();  // over waiting items, by SizeOf
  size_t max_lane_bytes = std::numeric_limits<size_t>::max();  // waiting items of one key
  // True: max_items also counts the items the workers are handling (a bound on all work the
  // queue holds rather than on the backlog).
  bool counts_in_flight = false;
};

template <typename Item>
class WorkQueue {
 public:
  using Handler = std::function<void(Item&)>;
  using SizeOf = std::function<size_t(const Item&)>;
  // Called with each waiting item of the pushed item's lane; true: replace that one.
  using Replaces = std::function<bool(const Item& waiting)>;

  // `size_of` may be empty when there is no byte bound. Items may be pushed before start();
  // they wait for it.
  WorkQueue(WorkQueueOptions options, Handler handler, SizeOf size_of = {})
      : options_(std::move(options)), handler_(std::move(handler)), size_of_(std::move(size_of)) {}
  ~WorkQueue() { stop(StopMode::kDropQueued); }

  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Starts the workers (again, after a stop). Pushes are accepted from here on.
  void start() {
    std::lock_guard lock(mutex_);
    stopping_ = false;
    for (size_t i = workers_.size(); i < std::max<size_t>(1, options_.workers); ++i) {
      workers_.emplace_back([this] { workerLoop(); });
    }
  }

  // Refuses further pushes, lets the workers finish as `mode` says and joins them. Returns how
  // many waiting items were dropped. Idempotent; never from a worker.
  size_t stop(StopMode mode = StopMode::kDropQueued) {
    std::vector<std::thread> workers;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      drain_ = mode == StopMode::kDrainQueued;
      workers.swap(workers_);
    }
    ready_cv_.notify_all();
    for (auto& worker : workers) {
      worker.join();
    }
    std::lock_guard lock(mutex_);
    size_t dropped = waiting_;
    ready_.clear();
    lanes_.clear();
    waiting_ = 0;
    bytes_ = 0;
    idle_cv_.notify_all();
    return dropped;
  }

  // Queues `item`; with a non-empty `key`, in that key's lane (see the file comment). The bounds
  // are checked before a replacement, so a full queue refuses even a replacing push. `item` is
  // moved from only when accepted or replacing: on kFull and kStopped the caller still has it
  // (to answer "busy", say).
  PushResult push(Item&& item, const std::string& key = {}, const Replaces& replaces = {}) {
    size_t bytes = size_of_ ? size_of_(item) : 0;
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return PushResult::kStopped;
    }
    size_t held = waiting_ + (options_.counts_in_flight ? in_flight_ : 0);
    if (held >= options_.max_items || bytes > options_.max_bytes - bytes_) {
      return PushResult::kFull;
    }
    if (!key.empty() && bytes > options_.max_lane_bytes - laneBytesLocked(key)) {
      return PushResult::kFull;
    }
    if (key.empty()) {
      ready_.push_back({Entry{std::move(item), bytes}, {}});
    } else {
      Lane& lane = lanes_[key];
      if (replaces) {
        for (Entry& waiting : lane.items) {
          if (replaces(waiting.item)) {
            bytes_ = bytes_ - waiting.bytes + bytes;
            lane.bytes = lane.bytes - waiting.bytes + bytes;
            waiting = Entry{std::move(item), bytes};
            return PushResult::kReplaced;
          }
        }
      }
      bool idle = lane.items.empty() && !lane.busy;
      lane.items.push_back(Entry{std::move(item), bytes});
      lane.bytes += bytes;
      if (!idle) {
        ++waiting_;
        bytes_ += bytes;
        return PushResult::kAccepted;
      }
      ready_.push_back({std::nullopt, key});
    }
    ++waiting_;
    bytes_ += bytes;
    ready_cv_.notify_one();
    return PushResult::kAccepted;
  }

  // Waits until nothing waits and nothing is being handled, at most `timeout`. False on timeout.
  bool waitIdle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return idle_cv_.wait_for(lock, timeout, [this] { return waiting_ == 0 && in_flight_ == 0; });
  }

  // Items waiting (not those being handled).
  size_t size() const {
    std::lock_guard lock(mutex_);
    return waiting_;
  }

 private:
  struct Entry {
    Item item;
    size_t bytes;
  };
  struct Lane {
    std::deque<Entry> items;  // waiting, in push order
    size_t bytes = 0;         // of `items`
    bool busy = false;        // a worker holds this lane's previous item
  };
  // An unkeyed item, or (entry empty) a lane that has waiting items and no busy worker.
  struct Ready {
    std::optional<Entry> entry;
    std::string key;
  };

  void workerLoop() {
    std::unique_lock lock(mutex_);
    while (true) {
      ready_cv_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
      if (stopping_ && (!drain_ || ready_.empty())) {
        return;
      }
      Ready next = std::move(ready_.front());
      ready_.pop_front();
      Entry entry = next.entry ? std::move(*next.entry) : takeFromLaneLocked(next.key);
      --waiting_;
      bytes_ -= entry.bytes;
      ++in_flight_;
      lock.unlock();
      run(entry.item);
      lock.lock();
      --in_flight_;
      if (!next.key.empty()) {
        releaseLaneLocked(next.key);
      }
      if (waiting_ == 0 && in_flight_ == 0) {
        idle_cv_.notify_all();
      }
    }
  }

  Entry takeFromLaneLocked(const std::string& key) {
    Lane& lane = lanes_.at(key);
    Entry entry = std::move(lane.items.front());
    lane.items.pop_front();
    lane.bytes -= entry.bytes;
    lane.busy = true;
    return entry;
  }

  size_t laneBytesLocked(const std::string& key) const {
    auto it = lanes_.find(key);
    return it == lanes_.end() ? 0 : it->second.bytes;
  }

  // The lane's item is done: its next item (if any) becomes ready, else the lane goes.
  void releaseLaneLocked(const std::string& key) {
    auto it = lanes_.find(key);
    if (it == lanes_.end()) {
      return;  // dropped by stop()
    }
    it->second.busy = false;
    if (it->second.items.empty()) {
      lanes_.erase(it);
    } else {
      ready_.push_back({std::nullopt, key});
      ready_cv_.notify_one();
    }
  }

  void run(Item& item) {
    try {
      handler_(item);
    } catch (const std::exception& e) {
      LOG_ERROR(options_.name << ": a work item failed: " << e.what());
    } catch (...) {
      LOG_ERROR(options_.name << ": a work item failed with an unknown exception");
    }
  }

  const WorkQueueOptions options_;
  const Handler handler_;
  const SizeOf size_of_;
  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::condition_variable idle_cv_;
  std::deque<Ready> ready_;                      // guarded by mutex_
  std::unordered_map<std::string, Lane> lanes_;  // guarded by mutex_
  size_t waiting_ = 0;                           // guarded by mutex_
  size_t bytes_ = 0;                             // of waiting items; guarded by mutex_
  size_t in_flight_ = 0;                         // guarded by mutex_
  bool stopping_ = false;                        // guarded by mutex_
  bool drain_ = false;                           // guarded by mutex_
  std::vector<std::thread> workers_;             // guarded by mutex_
};

}  // namespace citadel::model
