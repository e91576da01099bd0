#pragma once
// notificationStatsInfo (nsi) of a <subscription> whose notificationStatsEnable (nse) is true
// (TS-0004 §7.5.1.2.2 Step 5.1): per Notification Target (tg: the nu entry, an m2m:ID or URL, as
// m2m:setOfNotificationStatsInfo types it), the requests sent (rqs), the responses received
// (rsr) and the notification events carried (noec). nsi is created by the first count.
//
// Thread-safety: record may be called from any thread (delivery workers); it takes the
// subscription's record lock, the one an UPDATE of that <subscription> takes too.

#include <cstddef>
#include <string>

#include "cse/engine/stripe_locks.h"
#include "resources/resource_repository.h"

namespace citadel::engine {

class SubscriptionStatistics {
 public:
  explicit SubscriptionStatistics(resources::ResourceRepository& repository)
      : repository_(repository) {}

  // Counts one request to `target` (a nu entry) carrying `events` events, `answered` when a
  // response came back. Nothing when the subscription is gone or nse is false now. Best effort: a
  // storage fault is ignored (the notification was already delivered).
  void record(StripeLocks& locks, const std::string& subscription_ri, const std::string& target,
              size_t events, bool answered);

 private:
  resources::ResourceRepository& repository_;
};

}  // namespace citadel::engine
