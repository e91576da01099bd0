#pragma once
// Verification of a new subscription's targets (TS-0004 §7.4.8.2.1): every nu entry other than
// the Originator itself is sent a verification request, synchronously, before the
// <subscription> is created.
//
// Thread-safety: verify may run on many request threads at once if the repository, resolver
// and sender are thread-safe (they are).

#include <string>

#include "cse/engine/notification/notification_composer.h"
#include "cse/engine/notification/notification_targets.h"
#include "cse/model/json.h"
#include "cse/model/ports.h"
#include "cse/model/status.h"
#include "resources/resource_repository.h"
#include "resources/resource_resolver.h"

namespace citadel::engine {

class NotificationVerifier {
 public:
  NotificationVerifier(resources::ResourceRepository& repository,
                       resources::ResourceResolver& resolver, const NotificationTargets& targets,
                       NotificationComposer& composer, model::PrimitiveSender& sender)
      : repository_(repository),
        resolver_(resolver),
        targets_(targets),
        composer_(composer),
        sender_(sender) {}

  // OK when every nu entry of `attributes` is the originator (its ID, or one of its own poa
  // URLs) or answered the verification request with 2000. Else 5204
  // (kSubscriptionVerificationInitiationFailed): "subscription.verification_unreachable" when a
  // target resolves to no URL, "subscription.verification_refused" when it answered otherwise.
  // `ri` is the new subscription's resource ID (for sur).
  model::Status verify(const model::Json& attributes, const std::string& ri,
                       const std::string& originator);

 private:
  resources::ResourceRepository& repository_;
  resources::ResourceResolver& resolver_;
  const NotificationTargets& targets_;
  NotificationComposer& composer_;
  model::PrimitiveSender& sender_;
};

}  // namespace citadel::engine
