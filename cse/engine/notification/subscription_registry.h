#pragma once
// Which resources have subscriptions: subscribed-to ri -> subscription ris, in memory, so that
// the hot path (a CREATE under a container nobody watches) costs one hash lookup, no I/O.
// Rebuilt from the store's type index at start-up. Thread-safe.

#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "resources/resource_repository.h"

namespace citadel::engine {

class SubscriptionRegistry {
 public:
  // Loads every stored <subscription>, a page of the type index at a time. 5000 on a storage
  // fault.
  model::Status load(resources::ResourceRepository& repository);
  void add(const std::string& target_ri, const std::string& subscription_ri);
  void remove(const std::string& target_ri, const std::string& subscription_ri);
  // The subscriptions on `target_ri`; empty for almost every resource.
  std::vector<std::string> subscriptionsOf(const std::string& target_ri) const;
  bool empty() const;

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::vector<std::string>> by_target_;
};

}  // namespace citadel::engine
