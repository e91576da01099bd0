#include "security/dynamic_grant_cache.h"

namespace citadel::security {

void DynamicGrantCache::put(std::string originator_absolute, std::string target_ri,
                            std::shared_ptr<const model::Json> privileges,
                            model::TimePoint expires, model::TimePoint now) {
  std::lock_guard lock(mutex_);
  if (grants_.size() >= capacity_) {
    std::erase_if(grants_, [&](const auto& grant) { return grant.second.expires <= now; });
    if (grants_.size() >= capacity_) {
      // Still full of live grants: drop the one that ends soonest.
      auto soonest = grants_.begin();
      for (auto it = grants_.begin(); it != grants_.end(); ++it) {
        if (it->second.expires < soonest->second.expires) soonest = it;
      }
      grants_.erase(soonest);
    }
  }
  grants_[{std::move(originator_absolute), std::move(target_ri)}] = {std::move(privileges),
                                                                     expires};
}

std::shared_ptr<const model::Json> DynamicGrantCache::find(std::string_view originator_absolute,
                                                           std::string_view target_ri,
                                                           model::TimePoint now) {
  std::lock_guard lock(mutex_);
  if (grants_.empty()) {
    return nullptr;  // the common case: no lookup key is built
  }
  auto it = grants_.find({std::string(originator_absolute), std::string(target_ri)});
  if (it == grants_.end()) {
    return nullptr;
  }
  if (it->second.expires <= now) {
    grants_.erase(it);
    return nullptr;
  }
  return it->second.privileges;
}

size_t DynamicGrantCache::size() const {
  std::lock_guard lock(mutex_);
  return grants_.size();
}

}  // namespace citadel::security
