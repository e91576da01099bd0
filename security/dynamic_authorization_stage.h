#pragma once
// Direct dynamic authorization (TS-0003 §7.3.2.2, TS-0001 §11.5.2) and the
// tokenRequestInformation of indirect dynamic authorization (TS-0001 §11.5.3).

#include "cse/model/clock.h"
#include "resources/resource_repository.h"
#include "resources/resource_resolver.h"
#include "security/access_decider.h"
#include "security/authorization_services.h"
#include "security/stage.h"

namespace citadel::security {

// After a denial, where an enabled <dynamicAuthorizationConsultation> applies, asks its DAS
// with a NOTIFY carrying m2m:securityInfo, bounded by the sender's timeout. A grant (once, or
// cached for its lifetime) or issued tokens re-run the decision through the AccessDecider; a
// refusal, an unusable answer or a timeout leave the denial (4103). On the way out a 4103
// answer to an originator that set tqi carries tokenRequestInformation (tqf) naming the DAS
// (TS-0001 §11.5.3 steps 2.2–2.3). Keeps no per-request state; shared by all worker threads.
class DynamicAuthorizationStage final : public Stage {
 public:
  DynamicAuthorizationStage(resources::ResourceRepository& repository,
                            resources::ResourceResolver& resolver,
                            const resources::CseIdentity& identity, const model::Clock& clock,
                            const AuthorizationServices* authorization,
                            const AccessDecider& access)
      : repository_(repository),
        resolver_(resolver),
        identity_(identity),
        clock_(clock),
        authorization_(authorization),
        access_(access) {}
  std::string_view name() const override { return "dynamic_authorization"; }
  model::Status onRequest(RequestContext& context) override;
  void onResponse(RequestContext& context, model::Response& response) override;

 private:
  model::Result<bool> consult(RequestContext& context, const std::string& das_uri,
                              const std::string& lifetime) const;

  resources::ResourceRepository& repository_;
  resources::ResourceResolver& resolver_;
  const resources::CseIdentity& identity_;
  const model::Clock& clock_;
  const AuthorizationServices* authorization_;  // nullptr: no DAS is consulted
  const AccessDecider& access_;
};

}  // namespace citadel::security
