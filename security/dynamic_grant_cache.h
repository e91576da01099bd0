#pragma once
// Access that a Dynamic Authorization Server granted with a validity period (TS-0003 §7.3.2.2
// step 4, m2m:dynAuthDasResponse dai with pl): the privileges `gp` of one originator on one
// target, until the lifetime ends. TS-0003 says the CSE creates a dynamic
// <accessControlPolicy>; it does not say where it lives or how it is linked (spec digest
// security.md §11 q4). We keep the grant in memory, keyed by originator and target, which has
// the same effect on the decision without rewriting the target's acpi. Bounded, thread-safe;
// expiry follows the injected clock.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"

namespace citadel::security {

class DynamicGrantCache {
 public:
  explicit DynamicGrantCache(size_t capacity = 10000) : capacity_(capacity) {}

  // Remembers `privileges` (m2m:setOfAcrs) for `originator_absolute` on `target_ri` until
  // `expires`. Replaces an earlier grant for the same pair.
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
  using Key = std::pair<std::string, std::string>;

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::map<Key, Grant> grants_;
};

}  // namespace citadel::security
