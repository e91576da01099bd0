#include "cse/engine/notification/subscription_registry.h"

#include <algorithm>
#include <mutex>

namespace citadel::engine {

model::Status SubscriptionRegistry::load(resources::ResourceRepository& repository) {
  std::string after;
  do {
    CITADEL_ASSIGN_OR_RETURN(
        resources::IdPage page,
        repository.typeIdPage(model::ResourceType::kSubscription, "", after,
                              resources::ResourceRepository::kScanPage));
    for (const auto& ri : page.ids) {
      CITADEL_ASSIGN_OR_RETURN(resources::Resource subscription, repository.load(ri));
      add(subscription.pi(), ri);
    }
    after = std::move(page.next);
  } while (!after.empty());
  return {};
}

void SubscriptionRegistry::add(const std::string& target_ri, const std::string& subscription_ri) {
  std::unique_lock lock(mutex_);
  auto& list = by_target_[target_ri];
  if (std::find(list.begin(), list.end(), subscription_ri) == list.end()) {
    list.push_back(subscription_ri);
  }
}

void SubscriptionRegistry::remove(const std::string& target_ri,
                                  const std::string& subscription_ri) {
  std::unique_lock lock(mutex_);
  auto it = by_target_.find(target_ri);
  if (it == by_target_.end()) {
    return;
  }
  std::erase(it->second, subscription_ri);
  if (it->second.empty()) {
    by_target_.erase(it);
  }
}

std::vector<std::string> SubscriptionRegistry::subscriptionsOf(const std::string& target_ri) const {
  std::shared_lock lock(mutex_);
  auto it = by_target_.find(target_ri);
  return it == by_target_.end() ? std::vector<std::string>() : it->second;
}

bool SubscriptionRegistry::empty() const {
  std::shared_lock lock(mutex_);
  return by_target_.empty();
}

}  // namespace citadel::engine
