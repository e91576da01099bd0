#include "security/dynamic_grant_cache.h"

#include <algorithm>
#include <iterator>

namespace citadel::security {

size_t DynamicGrantCache::dropExpired(Grants& grants, model::TimePoint now) {
  return std::erase_if(grants, [&](const auto& grant) { return grant.second.expires <= now; });
}

void DynamicGrantCache::dropSoonest(std::map<std::string, Grants, std::less<>>::iterator owner) {
  Grants& grants = owner->second;
  auto soonest = grants.begin();
  for (auto it = grants.begin(); it != grants.end(); ++it) {
    if (it->second.expires < soonest->second.expires) soonest = it;
  }
  grants.erase(soonest);
  --total_;
  if (grants.empty()) by_originator_.erase(owner);
}

void DynamicGrantCache::put(std::string originator_absolute, std::string target_ri,
                            std::shared_ptr<const model::Json> privileges,
                            model::TimePoint expires, model::TimePoint now) {
  std::lock_guard lock(mutex_);
  auto owner = by_originator_.find(originator_absolute);
  if (owner != by_originator_.end()) {
    if (auto same = owner->second.find(target_ri); same != owner->second.end()) {
      same->second = {std::move(privileges), expires};
      return;
    }
    // The originator's own share first: only its own grants make room for it.
    total_ -= dropExpired(owner->second, now);
    if (owner->second.size() >= per_originator_) {
      dropSoonest(owner);  // may erase the bucket; `owner` is not used again
    }
  }
  if (total_ >= capacity_) {
    for (auto it = by_originator_.begin(); it != by_originator_.end();) {
      total_ -= dropExpired(it->second, now);
      it = it->second.empty() ? by_originator_.erase(it) : std::next(it);
    }
  }
  if (total_ >= capacity_) {
    // Still full of live grants: the originator holding the most gives up its soonest-ending
    // one (ties: the one whose grant ends soonest), so a small share is never taken.
    auto largest = by_originator_.begin();
    auto soonestOf = [](const Grants& grants) {
      model::TimePoint soonest = grants.begin()->second.expires;
      for (const auto& [ri, grant] : grants) soonest = std::min(soonest, grant.expires);
      return soonest;
    };
    for (auto it = by_originator_.begin(); it != by_originator_.end(); ++it) {
      if (it->second.size() > largest->second.size() ||
          (it->second.size() == largest->second.size() &&
           soonestOf(it->second) < soonestOf(largest->second))) {
        largest = it;
      }
    }
    dropSoonest(largest);
  }
  by_originator_[std::move(originator_absolute)].insert_or_assign(
      std::move(target_ri), Grant{std::move(privileges), expires});
  ++total_;
}

std::shared_ptr<const model::Json> DynamicGrantCache::find(std::string_view originator_absolute,
                                                           std::string_view target_ri,
                                                           model::TimePoint now) {
  std::lock_guard lock(mutex_);
  auto owner = by_originator_.find(originator_absolute);
  if (owner == by_originator_.end()) {
    return nullptr;  // the common case: no grant for this originator
  }
  auto it = owner->second.find(target_ri);
  if (it == owner->second.end()) {
    return nullptr;
  }
  if (it->second.expires <= now) {
    owner->second.erase(it);
    --total_;
    if (owner->second.empty()) by_originator_.erase(owner);
    return nullptr;
  }
  return it->second.privileges;
}

size_t DynamicGrantCache::size() const {
  std::lock_guard lock(mutex_);
  return total_;
}

}  // namespace citadel::security
