#include "cse/engine/notification/notification_policies.h"

#include <algorithm>

#include "cse/engine/notification/notification_composer.h"
#include "cse/model/duration.h"
#include "cse/model/json_size.h"
#include "cse/model/log.h"

namespace citadel::engine {

using model::Json;
using resources::Resource;

namespace {

// bn.dur (an xs:duration; the Hosting CSE filled it in at CREATE when it was absent); the
// service default for a record stored before that, or with an unreadable value.
std::chrono::milliseconds batchDuration(const Json& bn, std::chrono::milliseconds fallback) {
  auto dur = bn.find("dur");
  if (dur != bn.end() && dur->is_string()) {
    if (auto parsed = model::parseDuration(dur->get_ref<const std::string&>())) return *parsed;
  }
  if (dur != bn.end() && dur->is_number_integer() && dur->get<int64_t>() > 0) {
    return std::chrono::seconds(dur->get<int64_t>());  // stored by an older version: seconds
  }
  return fallback;
}

}  // namespace

void NotificationPolicies::apply(const Resource& subscription, Json body,
                                 const std::vector<std::string>& targets, model::TimePoint now) {
  std::string ri = subscription.ri();
  bool latest = subscription.attributes.value("ln", false);
  // latestNotify sets the Event Category "latest" (4) (TS-0004 §7.5.1.2.2 Step 2.3).
  std::string category = latest ? "4"
                         : subscription.attributes.contains("nec")
                             ? std::to_string(subscription.intAttribute("nec", 0))
                             : "";
  std::string stats = subscription.attributes.value("nse", false) ? ri : "";
  std::lock_guard lock(mutex_);
  if (!admitLocked(subscription, body, targets, now)) {
    return;
  }
  if (auto bn = subscription.attributes.find("bn"); bn != subscription.attributes.end()) {
    batchLocked(subscription, *bn, std::move(body), targets, category, stats, now);
    return;
  }
  sendLocked(targets, NotificationComposer::single(std::move(body)), latest ? ri : "", category,
             stats, 1);
}

bool NotificationPolicies::admitLocked(const Resource& subscription, Json& body,
                                       const std::vector<std::string>& targets,
                                       model::TimePoint now) {
  auto rl = subscription.attributes.find("rl");
  if (rl == subscription.attributes.end()) {
    return true;
  }
  RateWindow& window = windows_[subscription.ri()];
  window.targets = targets;
  auto width = std::chrono::seconds(rl->value("tww", int64_t{1}));
  if (window.count == 0 || now - window.start >= width) {
    window.start = now;
    window.count = 0;
  }
  if (window.count >= rl->value("mnn", int64_t{1})) {
    // Over the limit: keep per pendingNotification (1 sendLatest, 2 sendAllPending) or drop.
    int pn = static_cast<int>(subscription.intAttribute("pn", 0));
    if (pn == 1) {
      while (!window.pending.empty()) {
        popPendingLocked(window);
      }
    }
    if (pn == 1 || pn == 2) {
      size_t cost = model::jsonBytes(body);
      makeRoomLocked(subscription.ri(), window, cost);
      if (fitsLocked(window.bytes, cost)) {
        window.pending.push_back(std::move(body));
        window.pending_bytes.push_back(cost);
        window.bytes += cost;
        bytes_ += cost;
      } else {
        LOG_WARN("notification of " << subscription.ri()
                                    << " dropped: pending notifications at their byte bound "
                                       "(notificationBufferBytes / notificationBuffersBytes)");
      }
    }
    return false;
  }
  ++window.count;
  return true;
}

bool NotificationPolicies::fitsLocked(size_t held, size_t bytes) const {
  return bytes <= limits_.per_subscription - std::min(held, limits_.per_subscription) &&
         bytes <= limits_.total - std::min(bytes_, limits_.total);
}

void NotificationPolicies::popPendingLocked(RateWindow& window) {
  window.bytes -= window.pending_bytes.front();
  bytes_ -= window.pending_bytes.front();
  window.pending.pop_front();
  window.pending_bytes.pop_front();
}

void NotificationPolicies::makeRoomLocked(const std::string& ri, RateWindow& window,
                                          size_t bytes) {
  size_t dropped = 0;
  while (!window.pending.empty() && !fitsLocked(window.bytes, bytes)) {
    popPendingLocked(window);
    ++dropped;
  }
  if (dropped > 0) {
    LOG_WARN("subscription " << ri << ": " << dropped
                             << " oldest pending notification(s) dropped at the byte bound "
                                "(notificationBufferBytes / notificationBuffersBytes)");
  }
}

void NotificationPolicies::batchLocked(const Resource& subscription, const Json& bn, Json body,
                                       const std::vector<std::string>& targets,
                                       const std::string& category, const std::string& stats,
                                       model::TimePoint now) {
  std::string ri = subscription.ri();
  size_t cost = model::jsonBytes(body);
  Batch& batch = batches_[ri];
  if (subscription.attributes.value("ln", false)) {
    // latestNotify: only the newest of a batch is sent
    bytes_ -= batch.bytes;
    batch.bytes = 0;
    batch.notifications.clear();
  }
  if (!batch.notifications.empty() && !fitsLocked(batch.bytes, cost)) {
    // The byte bound before num or dur: what the batch holds goes now, the new event starts
    // the next batch (delivered early rather than lost).
    LOG_INFO("batch of subscription " << ri << " sent early: at its byte bound "
                                      << "(notificationBufferBytes / notificationBuffersBytes)");
    sendBatchLocked(batch, category);
  }
  if (batch.notifications.empty()) {
    batch.deadline = now + batchDuration(bn, default_batch_duration_);
  }
  batch.targets = targets;
  batch.stats_ri = stats;
  batch.notifications.push_back(std::move(body));
  batch.bytes += cost;
  bytes_ += cost;
  // num counts events, whether or not latestNotify keeps them all. One event larger than the
  // bound is not kept either: it goes at once.
  bool over = batch.bytes > limits_.per_subscription || bytes_ > limits_.total;
  // Without bn.num (0..1, TS-0004 Table 6.3.5.6-1) or with 0, only the duration closes a batch.
  int64_t num = bn.contains("num") && bn["num"].is_number_integer() ? bn["num"].get<int64_t>() : 0;
  ++batch.events;
  if ((num > 0 && batch.events >= num) || over) {
    sendBatchLocked(batch, category);
    batches_.erase(ri);
  }
}

void NotificationPolicies::sendBatchLocked(Batch& batch, const std::string& category) {
  size_t events = static_cast<size_t>(batch.events);
  Json aggregate = NotificationComposer::aggregate(std::move(batch.notifications));
  bytes_ -= batch.bytes;
  batch.notifications.clear();
  batch.bytes = 0;
  batch.events = 0;
  sendLocked(batch.targets, aggregate, "", category, batch.stats_ri, events);
}

void NotificationPolicies::flushDue(model::TimePoint now) {
  std::lock_guard lock(mutex_);
  flushBatchesLocked(now);
  flushWindowsLocked(now);
}

size_t NotificationPolicies::bufferedBytes() {
  std::lock_guard lock(mutex_);
  return bytes_;
}

void NotificationPolicies::flushBatchesLocked(model::TimePoint now) {
  for (auto it = batches_.begin(); it != batches_.end();) {
    if (it->second.deadline <= now && !it->second.notifications.empty()) {
      sendBatchLocked(it->second, "");
      it = batches_.erase(it);
    } else {
      ++it;
    }
  }
}

void NotificationPolicies::flushWindowsLocked(model::TimePoint now) {
  for (auto& [ri, window] : windows_) {
    if (window.pending.empty()) {
      continue;
    }
    // A new window opens once the old one has passed; pending notifications go first in it.
    auto subscription = repository_.load(ri);
    if (!subscription.isOk()) {
      while (!window.pending.empty()) {
        popPendingLocked(window);
      }
      continue;
    }
    const Json& rl = subscription.value().attributes.value("rl", Json::object());
    auto width = std::chrono::seconds(rl.value("tww", int64_t{1}));
    if (now - window.start < width) {
      continue;
    }
    window.start = now;
    window.count = 0;
    int64_t limit = rl.value("mnn", int64_t{1});
    while (!window.pending.empty() && window.count < limit) {
      sendLocked(window.targets, NotificationComposer::single(window.pending.front()), "", "", "",
                 1);
      popPendingLocked(window);
      ++window.count;
    }
  }
}

void NotificationPolicies::forget(const std::string& subscription_ri) {
  std::lock_guard lock(mutex_);
  if (auto batch = batches_.find(subscription_ri); batch != batches_.end()) {
    bytes_ -= batch->second.bytes;
    batches_.erase(batch);
  }
  if (auto window = windows_.find(subscription_ri); window != windows_.end()) {
    bytes_ -= window->second.bytes;
    windows_.erase(window);
  }
}

void NotificationPolicies::sendLocked(const std::vector<std::string>& targets, const Json& content,
                                      const std::string& latest_key, const std::string& category,
                                      const std::string& stats_ri, size_t events) {
  for (const auto& target : targets) {
    sink_({target, content, latest_key, category, stats_ri, events});
  }
}

}  // namespace citadel::engine
