#pragma once
// Verification of a subscription's targets (TS-0004 §7.4.8.2.1, TS-0001 §10.2.10.1/.2): every
// nu entry, and the subscriberURI (su), other than the Originator's own ID is sent a
// verification request, synchronously, before the <subscription> is created or updated.
//
// Thread-safety: verify may run on many request threads at once if the repository, resolver
// and sender are thread-safe (they are).

#include <string>

#include "cse/engine/notification/notification_composer.h"
#include "cse/engine/notification/notification_targets.h"
#include "cse/model/json.h"
#include "cse/model/ports.h"
#include "cse/model/status.h"
#include "resources/resource_resolver.h"

namespace citadel::engine {

class NotificationVerifier {
 public:
  NotificationVerifier(resources::ResourceResolver& resolver, const NotificationTargets& targets,
                       NotificationComposer& composer, model::PrimitiveSender& sender)
      : resolver_(resolver),
        targets_(targets),
        composer_(composer),
        sender_(sender) {}

  // OK when every nu entry and su of `attributes` is the originator's ID (a URL never is: a
  // poa is self-declared), was already in `previous` (the stored attributes, on UPDATE;
  // nullptr on CREATE), or answered the verification request with 2000. Else 5204
  // (kSubscriptionVerificationInitiationFailed): "subscription.verification_unreachable" when a
  // target resolves to no URL, "subscription.verification_refused" when it answered otherwise.
  // `ri` is the subscription's resource ID (for sur).
  model::Status verify(const model::Json& attributes, const std::string& ri,
                       const std::string& originator, const model::Json* previous);

 private:
  bool isOriginator(const std::string& target, const std::string& originator) const;
  static bool wasVerified(const std::string& target, const model::Json* previous);
  model::Status verifyTarget(const std::string& target, const std::string& ri,
                             const std::string& originator);

  resources::ResourceResolver& resolver_;
  const NotificationTargets& targets_;
  NotificationComposer& composer_;
  model::PrimitiveSender& sender_;
};

}  // namespace citadel::engine
