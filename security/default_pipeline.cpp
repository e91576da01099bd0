#include "security/default_pipeline.h"

namespace citadel::security {

std::unique_ptr<Pipeline> makeDefaultPipeline(const SecurityDependencies& deps) {
  std::vector<std::unique_ptr<Stage>> stages;
  // 1. Identity first: every later stage trusts ctx.originator, so it must be settled (and an
  //    unregistered originator refused) before anything is looked up on its behalf.
  stages.push_back(std::make_unique<TransportIdentityStage>(deps));
  // 2. (EsprimUnwrapStage slots in here: it replaces the request with the inner primitive,
  //    so it must precede resolution of `to`.)
  // 3. Resolve before ACP: the decision needs the target's (for CREATE: the parent's) acpi,
  //    creator and type; resolving once here serves the dispatcher too.
  stages.push_back(std::make_unique<TargetResolutionStage>(deps));
  // 4. (TokenRoleStage slots in here: the ACP decision consumes the verified roles/tokens.)
  // 5. The ACP decision: deny by default.
  stages.push_back(std::make_unique<AcpDecisionStage>(deps));
  // 6. (DynamicAuthorizationStage slots in here: it runs only after a deny.)
  return std::make_unique<Pipeline>(std::move(stages));
}

}  // namespace citadel::security
