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
  // 4. Tokens and roles after resolution (a token permission names target resources) and
  //    before the decision, which consumes the verified roles and tokens.
  stages.push_back(std::make_unique<TokenRoleStage>(deps));
  // 5. The ACP decision. It records a denial instead of ending the chain, so that stage 6 may
  //    overturn it; Pipeline::authorize refuses whatever is still denied after the last stage.
  auto acp = std::make_unique<AcpDecisionStage>(deps);
  const AcpDecisionStage& acp_stage = *acp;
  stages.push_back(std::move(acp));
  // 6. Dynamic authorization last: it acts only on a denial, and re-runs stage 5's decision
  //    with what the DAS granted.
  stages.push_back(std::make_unique<DynamicAuthorizationStage>(deps, acp_stage));
  return std::make_unique<Pipeline>(std::move(stages));
}

}  // namespace citadel::security
