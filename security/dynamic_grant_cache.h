#pragma once
// Access that a Dynamic Authorization Server granted with a validity period (TS-0003 §7.3.2.2
// step 4, m2m:dynAuthDasResponse dai with pl): the privileges `gp` of one originator on one
// target, until the lifetime ends. TS-0003 says the CSE creates a dynamic
// <accessControlPolicy>; it does not say where it lives or how it is linked (spec digest
// security.md §11 q4). We keep the grant in memory, keyed by originator and target, which has
// the same effect on the decision without rewriting the target's acpi. Bounded, thread-safe;
// expiry follows the injected clock.
//
// Bounded per originator and in total (issue 15 #19) as PerOriginatorCache says: an originator
// (or the DAS answering for it) that collects grants on many targets only ever gives up its
// own, soonest-ending grant.

#include <memory>
#include <string>
#include <string_view>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "security/per_originator_cache.h"

namespace citadel::security {

class DynamicGrantCache {
 public:
  // `capacity` grants in all, `per_originator` for one originator (both at least 1).
  explicit DynamicGrantCache(size_t capacity = 10000, size_t per_originator = 100)
      : grants_(capacity, per_originator) {}

  // Remembers `privileges` (m2m:setOfAcrs) for `originator_absolute` on `target_ri` until
  // `expires`. Replaces an earlier grant for the same pair; otherwise makes room as the class
  // comment says.
  void put(std::string originator_absolute, std::string target_ri,
           std::shared_ptr<const model::Json> privileges, model::TimePoint expires,
           model::TimePoint now) {
    grants_.put(std::move(originator_absolute), std::move(target_ri), std::move(privileges),
                expires, now);
  }
  // The grant for the pair when it is still valid at `now`; nullptr otherwise.
  std::shared_ptr<const model::Json> find(std::string_view originator_absolute,
                                          std::string_view target_ri, model::TimePoint now) {
    return grants_.find(originator_absolute, target_ri, now).value_or(nullptr);
  }
  size_t size() const { return grants_.size(); }

 private:
  PerOriginatorCache<std::shared_ptr<const model::Json>> grants_;  // by originator, target ri
};

}  // namespace citadel::security
