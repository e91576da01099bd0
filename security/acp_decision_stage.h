#pragma once
// Grants or denies with the ACPs that govern the target (TS-0001 §9.6.1.3.2, TS-0003 §7.1),
// through the one AccessDecider. Deny by default: 4103.

#include "security/access_decider.h"
#include "security/stage.h"

namespace citadel::security {

// Records the decision in context.decision; a denial stops the request at the end of the
// pipeline unless the DynamicAuthorizationStage overturns it. Errors: storage faults only.
// Stateless; shared by all worker threads.
class AcpDecisionStage final : public Stage {
 public:
  explicit AcpDecisionStage(const AccessDecider& access) : access_(access) {}
  std::string_view name() const override { return "acp_decision"; }
  model::Status onRequest(RequestContext& context) override;

 private:
  const AccessDecider& access_;
};

}  // namespace citadel::security
