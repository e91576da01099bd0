#pragma once
// The notification policies of a <subscription> (TS-0004 §7.5.1.2.2): batchNotify (bn: num
// events or dur seconds, whichever first), rateLimit (rl: at most mnn per tww seconds, the
// excess kept per pendingNotification pn: 1 sendLatest, 2 sendAllPending, else dropped) and
// latestNotify (ln: ec "latest", only the newest of a batch, a queued one replaced). What passes
// is handed to the sink as one OutgoingNotification per target.
//
// What waits here is bounded in bytes (issue 15 #12), per subscription and in all: a batch that
// would pass its bound is sent at once, before its num or dur (events are delivered early rather
// than lost), and pending rate-limited notifications (pn 2) lose their oldest first, as
// sendLatest (pn 1) would. Both are logged.
//
// Thread-safety: apply, flushDue and forget may be called from any thread; one mutex guards
// the batches and rate windows, and the sink is called with it held, so the sink sees the
// notifications of one subscription in policy order (and must not call back into this object).

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "resources/resource.h"
#include "resources/resource_repository.h"

namespace citadel::engine {

// One NOTIFY to send to one target.
struct OutgoingNotification {
  std::string target;
  model::Json content;         // m2m:sgn or m2m:agn
  std::string latest_key;      // set with ln: replaces a queued one with the same key
  std::string event_category;  // ec; empty: none
  std::string stats_ri;        // the subscription whose nsi counts it; empty: none
  size_t events = 1;           // notification events it carries (a batch: several)
};

// Bytes (model::jsonBytes of the notification bodies) that may wait in batches and rate windows.
struct PolicyBufferLimits {
  size_t per_subscription = 1 << 20;  // limits.notificationBufferBytes
  size_t total = 64 << 20;            // limits.notificationBuffersBytes
};

class NotificationPolicies {
 public:
  using Sink = std::function<void(OutgoingNotification)>;

  // `repository` is read by flushDue for the current rl of a subscription with pending
  // notifications; `default_batch_duration` is bn.dur when the subscriber gave none.
  NotificationPolicies(resources::ResourceRepository& repository,
                       std::chrono::seconds default_batch_duration, Sink sink,
                       PolicyBufferLimits limits = {})
      : repository_(repository),
        default_batch_duration_(default_batch_duration),
        sink_(std::move(sink)),
        limits_(limits) {}

  // Applies rl, then bn, then ln to `body` (an m2m:sgn body) of `subscription` for `targets`:
  // sends now, keeps it in a batch or rate window, or drops it.
  void apply(const resources::Resource& subscription, model::Json body,
             const std::vector<std::string>& targets, model::TimePoint now);
  // Sends the batches whose duration has passed and, for rate windows that have passed, the
  // pending notifications the new window allows.
  void flushDue(model::TimePoint now);
  // Drops the batch and rate window of a deleted subscription.
  void forget(const std::string& subscription_ri);
  // Bytes waiting in batches and rate windows now. For tests.
  size_t bufferedBytes();

 private:
  struct Batch {
    std::vector<model::Json> notifications;
    model::TimePoint deadline;
    std::vector<std::string> targets;
    std::string stats_ri;  // set when the subscription collects statistics
    int64_t events = 0;    // events in this batch (with ln only the newest is kept)
    size_t bytes = 0;      // of `notifications`
  };
  struct RateWindow {
    model::TimePoint start;
    int64_t count = 0;
    std::deque<model::Json> pending;
    std::deque<size_t> pending_bytes;  // of each pending notification
    size_t bytes = 0;                  // of `pending`
    std::vector<std::string> targets;
  };

  // False when the rate limit holds `body` back (kept or dropped per pn).
  bool admitLocked(const resources::Resource& subscription, model::Json& body,
                   const std::vector<std::string>& targets, model::TimePoint now);
  void batchLocked(const resources::Resource& subscription, const model::Json& bn, model::Json body,
                   const std::vector<std::string>& targets, const std::string& category,
                   const std::string& stats, model::TimePoint now);
  // Sends what `batch` holds now and empties it (the caller erases it when done with it).
  void sendBatchLocked(Batch& batch, const std::string& category);
  // Room for `bytes` more in the rate window: drops its oldest pending notifications.
  void makeRoomLocked(const std::string& ri, RateWindow& window, size_t bytes);
  void popPendingLocked(RateWindow& window);
  bool fitsLocked(size_t held, size_t bytes) const;
  void flushBatchesLocked(model::TimePoint now);
  void flushWindowsLocked(model::TimePoint now);
  void sendLocked(const std::vector<std::string>& targets, const model::Json& content,
                  const std::string& latest_key, const std::string& category,
                  const std::string& stats_ri, size_t events);

  resources::ResourceRepository& repository_;
  const std::chrono::seconds default_batch_duration_;
  const Sink sink_;
  const PolicyBufferLimits limits_;
  std::mutex mutex_;
  size_t bytes_ = 0;  // in all batches and rate windows; guarded by mutex_
  std::unordered_map<std::string, Batch> batches_;       // guarded by mutex_
  std::unordered_map<std::string, RateWindow> windows_;  // guarded by mutex_
};

}  // namespace citadel::engine
