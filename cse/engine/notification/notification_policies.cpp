#include "cse/engine/notification/notification_policies.h"

#include "cse/engine/notification/notification_composer.h"

namespace citadel::engine {

using model::Json;
using resources::Resource;

namespace {

std::chrono::seconds batchDuration(const Json& bn, std::chrono::seconds fallback) {
  auto dur = bn.find("dur");
  if (dur != bn.end() && dur->is_number_integer() && dur->get<int64_t>() > 0) {
    return std::chrono::seconds(dur->get<int64_t>());
  }
  if (dur != bn.end() && dur->is_string()) {
    // xs:duration, the "PTnS" form.
    const std::string& s = dur->get_ref<const std::string&>();
    if (s.starts_with("PT") && s.ends_with("S")) {
      try {
        return std::chrono::seconds(std::stoll(s.substr(2, s.size() - 3)));
      } catch (const std::exception&) {
      }
    }
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
      window.pending.clear();
    }
    if (pn == 1 || pn == 2) {
      window.pending.push_back(std::move(body));
    }
    return false;
  }
  ++window.count;
  return true;
}

void NotificationPolicies::batchLocked(const Resource& subscription, const Json& bn, Json body,
                                       const std::vector<std::string>& targets,
                                       const std::string& category, const std::string& stats,
                                       model::TimePoint now) {
  std::string ri = subscription.ri();
  Batch& batch = batches_[ri];
  if (batch.notifications.empty()) {
    batch.deadline = now + batchDuration(bn, default_batch_duration_);
  }
  batch.targets = targets;
  batch.stats_ri = stats;
  if (subscription.attributes.value("ln", false)) {
    batch.notifications.clear();  // latestNotify: only the newest of a batch is sent
  }
  batch.notifications.push_back(std::move(body));
  // num counts events, whether or not latestNotify keeps them all.
  if (++batch.events >= bn.value("num", int64_t{1})) {
    size_t events = static_cast<size_t>(batch.events);
    Json aggregate = NotificationComposer::aggregate(std::move(batch.notifications));
    batches_.erase(ri);
    sendLocked(targets, aggregate, "", category, stats, events);
  }
}

void NotificationPolicies::flushDue(model::TimePoint now) {
  std::lock_guard lock(mutex_);
  flushBatchesLocked(now);
  flushWindowsLocked(now);
}

void NotificationPolicies::flushBatchesLocked(model::TimePoint now) {
  for (auto it = batches_.begin(); it != batches_.end();) {
    if (it->second.deadline <= now && !it->second.notifications.empty()) {
      size_t events = static_cast<size_t>(it->second.events);
      Json aggregate = NotificationComposer::aggregate(std::move(it->second.notifications));
      sendLocked(it->second.targets, aggregate, "", "", it->second.stats_ri, events);
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
      window.pending.clear();
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
      window.pending.pop_front();
      ++window.count;
    }
  }
}

void NotificationPolicies::forget(const std::string& subscription_ri) {
  std::lock_guard lock(mutex_);
  batches_.erase(subscription_ri);
  windows_.erase(subscription_ri);
}

void NotificationPolicies::sendLocked(const std::vector<std::string>& targets, const Json& content,
                                      const std::string& latest_key, const std::string& category,
                                      const std::string& stats_ri, size_t events) {
  for (const auto& target : targets) {
    sink_({target, content, latest_key, category, stats_ri, events});
  }
}

}  // namespace citadel::engine
