#include "cse/engine/notification/notification_schedules.h"

#include <mutex>

namespace citadel::engine {
namespace {

std::vector<resources::ScheduleEntry> entriesOf(const model::Json& se) {
  auto parsed = resources::parseScheduleEntries(se);
  return parsed.isOk() ? std::move(parsed).value() : std::vector<resources::ScheduleEntry>{};
}

}  // namespace

model::Status NotificationSchedules::load(resources::ResourceRepository& repository) {
  std::string after;
  do {
    CITADEL_ASSIGN_OR_RETURN(
        resources::IdPage page,
        repository.typeIdPage(model::ResourceType::kSchedule, "", after,
                              resources::ResourceRepository::kScanPage));
    for (const auto& ri : page.ids) {
      CITADEL_ASSIGN_OR_RETURN(resources::Resource schedule, repository.load(ri));
      CITADEL_ASSIGN_OR_RETURN(resources::Resource parent, repository.load(schedule.pi()));
      if (parent.type() == model::ResourceType::kSubscription) {
        set(parent.ri(), ri, schedule.attributes.value("se", model::Json()));
      }
    }
    after = std::move(page.next);
  } while (!after.empty());
  return {};
}

void NotificationSchedules::set(const std::string& subscription_ri,
                                const std::string& schedule_ri, const model::Json& se) {
  Entries entries = entriesOf(se);
  std::unique_lock lock(mutex_);
  by_subscription_[subscription_ri][schedule_ri] = std::move(entries);
  subscriptions_.store(by_subscription_.size());
}

void NotificationSchedules::update(const std::string& parent_ri, const std::string& schedule_ri,
                                   const model::Json& se) {
  if (subscriptions_.load() == 0) return;
  Entries entries = entriesOf(se);
  std::unique_lock lock(mutex_);
  auto subscription = by_subscription_.find(parent_ri);
  if (subscription == by_subscription_.end()) return;
  auto schedule = subscription->second.find(schedule_ri);
  if (schedule != subscription->second.end()) schedule->second = std::move(entries);
}

void NotificationSchedules::remove(const std::string& subscription_ri,
                                   const std::string& schedule_ri) {
  if (subscriptions_.load() == 0) return;
  std::unique_lock lock(mutex_);
  auto subscription = by_subscription_.find(subscription_ri);
  if (subscription == by_subscription_.end()) return;
  subscription->second.erase(schedule_ri);
  if (subscription->second.empty()) by_subscription_.erase(subscription);
  subscriptions_.store(by_subscription_.size());
}

void NotificationSchedules::forget(const std::string& subscription_ri) {
  if (subscriptions_.load() == 0) return;
  std::unique_lock lock(mutex_);
  by_subscription_.erase(subscription_ri);
  subscriptions_.store(by_subscription_.size());
}

bool NotificationSchedules::allows(const std::string& subscription_ri,
                                   model::TimePoint now) const {
  if (subscriptions_.load() == 0) return true;
  std::shared_lock lock(mutex_);
  auto subscription = by_subscription_.find(subscription_ri);
  if (subscription == by_subscription_.end()) return true;
  for (const auto& [ri, entries] : subscription->second) {
    if (resources::scheduleAllows(entries, now)) return true;
  }
  return false;
}

}  // namespace citadel::engine
