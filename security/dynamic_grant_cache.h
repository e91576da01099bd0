#pragma once
// Access that a Dynamic Authorization Server granted with a validity period (TS-0003 §7.3.2.2
// step 4, m2m:dynAuthDasResponse dai with pl): the privileges `gp` of one originator on one
// target, until the lifetime ends. TS-0003 says the CSE creates a dynamic
// <accessControlPolicy>; it does not say where it lives or how it is linked (spec digest
// security.md §11 q4). We keep the grant in memory, keyed by originator and target, which has
// the same effect on the decision without rewriting the target's acpi. Bounded, thread-safe;
// expiry follows the injected clock.
//
// Bounded per originator and in total (issue 15 #19): an originator (or the DAS answering for
// it) that collects grants on many targets only ever gives up its own, soonest-ending grant;
// when the total is reached, the originator holding the most grants gives one up. So one
// originator cannot evict another's grants unless it holds no more than that one does.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"

namespace citadel::security {

class DynamicGrantCache {
 public:
  // `capacity` grants in all, `per_originator` for one originator (both at least 1).
  explicit DynamicGrantCache(size_t capacity = 10000, size_t per_originator = 100)
      : capacity_(capacity < 1 ? 1 : capacity),
        per_originator_(per_originator < 1 ? 1 : per_originator) {}

  // Remembers `privileges` (m2m:setOfAcrs) for `originator_absolute` on `target_ri` until
  // `expires`. Replaces an earlier grant for the same pair; otherwise makes room as the class
  // comment says.
  void put(std::string originator_absolute, std::string target_ri,
           std::shared_ptr<const model::Json> privileges, model::TimePoint expires,
           model::TimePoint now);
  // The grant for the pair when it is still valid at `now`; nullptr otherwise.
  std::shared_ptr<const model::Json> find(std::string_view originator_absolute,
                                          std::string_view target_ri, model::TimePoint now);
  size_t size() const;

 private:
  struct Grant {
    std::shared_ptr<const model::Json> privileges;
    model::TimePoint expires;
  };
  using Grants = std::map<std::string, Grant, std::less<>>;  // by target ri

  // Drops the grants of `grants` that ended at `now`; returns how many.
  static size_t dropExpired(Grants& grants, model::TimePoint now);
  // Drops the soonest-ending grant of the originator `owner` (its bucket must not be empty).
  void dropSoonest(std::map<std::string, Grants, std::less<>>::iterator owner);

  const size_t capacity_;
  const size_t per_originator_;
  mutable std::mutex mutex_;
  std::map<std::string, Grants, std::less<>> by_originator_;  // never holds an empty bucket
  size_t total_ = 0;
};

}  // namespace citadel::security
