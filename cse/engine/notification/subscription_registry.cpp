#include "cse/engine/notification/subscription_registry.h"

#include <algorithm>
#include <mutex>

#include "storage/key_layout.h"

namespace citadel::engine {

model::Status SubscriptionRegistry::load(resources::ResourceRepository& repository) {
  std::string prefix =
      storage::keys::typePrefix(static_cast<uint16_t>(model::ResourceType::kSubscription));
  auto it = repository.store().newIterator();
  std::vector<std::string> ids;
  for (it->seek(prefix); it->valid() && it->key().starts_with(prefix); it->next()) {
    ids.emplace_back(it->value());
  }
  CITADEL_RETURN_IF_ERROR(it->status());
  for (const auto& ri : ids) {
    CITADEL_ASSIGN_OR_RETURN(resources::Resource subscription, repository.load(ri));
    add(subscription.pi(), ri);
  }
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
