#pragma once
// The notificationSchedule of subscriptions (TS-0001 Table 9.6.8-1, TS-0004 §7.4.9): a
// <schedule> child of a <subscription> says when its notifications may be sent; an event outside
// every entry of it is not notified (TS-0004 §7.4.9.1 example 2), and does not count towards
// expirationCounter. Kept in memory, by subscription, parsed once: the hot path for a CSE
// without such schedules is one atomic load. Loaded from the store at start-up and kept in step
// by the NotificationService's resource events. Thread-safe.

#include <atomic>
#include <map>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "resources/resource_repository.h"
#include "resources/types/schedule_entry.h"

namespace citadel::engine {

class NotificationSchedules {
 public:
  // Every stored <schedule> whose parent is a <subscription>. 5000 on a storage fault.
  model::Status load(resources::ResourceRepository& repository);
  // The schedule `schedule_ri` of `subscription_ri` with scheduleElement `se` (a malformed one,
  // which the type's checks keep out, allows nothing).
  void set(const std::string& subscription_ri, const std::string& schedule_ri,
           const model::Json& se);
  // A new se for a schedule already known (an UPDATE); nothing for any other resource.
  void update(const std::string& parent_ri, const std::string& schedule_ri, const model::Json& se);
  void remove(const std::string& subscription_ri, const std::string& schedule_ri);
  void forget(const std::string& subscription_ri);
  // True while no subscription has a schedule (one atomic load, for the per-event fast path).
  bool empty() const { return subscriptions_.load() == 0; }
  // True when `subscription_ri` has no schedule, or one of its entries matches `now`.
  bool allows(const std::string& subscription_ri, model::TimePoint now) const;

 private:
  using Entries = std::vector<resources::ScheduleEntry>;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::map<std::string, Entries>> by_subscription_;
  std::atomic<size_t> subscriptions_{0};  // by_subscription_.size(), read without the lock
};

}  // namespace citadel::engine
