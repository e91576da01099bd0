#pragma once
// The content of the NOTIFYs (TS-0004 §7.5.1.2.2 Step 2, §7.4.8.2.1, §7.5.1.2.4): m2m:sgn for a
// notification event (per nct), for a verification request (vrq) and for a subscription
// deletion (sud), their batch aggregate m2m:agn, and the NOTIFY request that carries them.
//
// Thread-safety: every method may be called from any thread.

#include <string>
#include <vector>

#include "cse/model/json.h"
#include "cse/model/request.h"
#include "resources/cse_identity.h"
#include "resources/resource.h"
#include "resources/type_registry.h"

namespace citadel::engine {

class NotificationComposer {
 public:
  NotificationComposer(const resources::CseIdentity& identity, const resources::TypeRegistry& types)
      : identity_(identity), types_(types) {}

  // The sur of a notification: the SP-relative resource ID of the <subscription>.
  std::string subscriptionReference(const std::string& ri) const;
  // The m2m:sgn body (without the "m2m:sgn" wrapper) of one event: nev.rep per nct (1 the whole
  // resource, 2 the modified attributes when `changes` is given, 3 its ri), nev.net, sur, and
  // cr when the subscription has a creator (TS-0001 §10.2.10.7).
  model::Json event(const resources::Resource& subscription, int event_type,
                    const resources::Resource& subject, const model::Json* changes) const;
  // The m2m:sgn body of an operationMonitor event: nev.om {op: m2m:operation, or: originator},
  // sur, and cr as in event() (TS-0004 Table 6.3.5.13-1). No rep: the event is the request.
  model::Json operationEvent(const resources::Resource& subscription, model::Operation operation,
                             const std::string& originator) const;
  // {"m2m:sgn": {"vrq": true, "sur", "cr"}}: asks a target to accept a new subscription.
  model::Json verificationRequest(const std::string& subscription_ri,
                                  const std::string& creator) const;
  // {"m2m:sgn": {"sud": true, "sur", "cr"}}: tells the subscriber its subscription is gone; cr
  // only when `creator` is not empty.
  model::Json deletionNotice(const std::string& subscription_ri, const std::string& creator) const;
  // {"m2m:sgn": body}
  static model::Json single(model::Json body);
  // {"m2m:agn": {"m2m:sgn": [bodies]}}: a batch (bn).
  static model::Json aggregate(std::vector<model::Json> bodies);
  // A NOTIFY from this CSE with `content`, a fresh unguessable rqi (128 random bits: only the
  // target sees it, so only the target can answer; issue 15 #2) and ec (empty: none).
  model::Request notifyRequest(model::Json content, const std::string& event_category);

 private:
  // `body` with the subscription's cr, when it has one.
  static model::Json withCreator(const resources::Resource& subscription, model::Json body);

  const resources::CseIdentity& identity_;
  const resources::TypeRegistry& types_;
};

}  // namespace citadel::engine
