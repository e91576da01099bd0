#pragma once
// expirationCounter (exc) of a <subscription> (TS-0004 §7.5.1.2.2 Step 5.0): one less per
// notification event; at zero the subscription is to be deleted (the caller deletes it).
//
// Thread-safety: countDown may be called from any thread; it takes the subscription's record
// lock, the one an UPDATE of that <subscription> takes too, so concurrent events count exactly.

#include <cstdint>
#include <optional>
#include <string>

#include "cse/engine/stripe_locks.h"
#include "resources/resource.h"
#include "resources/resource_repository.h"

namespace citadel::engine {

class ExpirationCounter {
 public:
  explicit ExpirationCounter(resources::ResourceRepository& repository) : repository_(repository) {}

  // Stores exc - 1 for `subscription` (re-read under the lock) and returns it. nullopt when
  // nothing was counted: no exc, the subscription is gone, exc is already below one, or the
  // store failed (logged).
  std::optional<int64_t> countDown(StripeLocks& locks, const resources::Resource& subscription);

 private:
  resources::ResourceRepository& repository_;
};

}  // namespace citadel::engine
