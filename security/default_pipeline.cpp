#include "security/default_pipeline.h"

#include "security/acp_decision_stage.h"
#include "security/dynamic_authorization_stage.h"
#include "security/esprim_unwrap_stage.h"
#include "security/primitive_check_stage.h"
#include "security/remote_decision_stage.h"
#include "security/target_resolution_stage.h"
#include "security/token_role_stage.h"
#include "security/transport_identity_stage.h"

namespace citadel::security {

std::unique_ptr<Pipeline> makeDefaultPipeline(const SecurityDependencies& deps,
                                              const AccessDecider& access) {
  std::vector<std::unique_ptr<Stage>> stages;
  // 1. Identity first: every later stage trusts ctx.originator, so it must be settled (and an
  //    unregistered originator refused) before anything is looked up on its behalf. It also
  //    refuses identifiers with control characters before anything compares or logs them.
  stages.push_back(std::make_unique<TransportIdentityStage>(deps.repository, deps.identity,
                                                            deps.admin_origin,
                                                            deps.plain_cse, deps.routes));
  // 2. ESPrim after identity (the outer `fr` must be the identity bound to the key, and stage 1
  //    vetted it) and before everything else: it replaces the request with the inner primitive
  //    (applying codec::checkParameterCharacters to it as stage 1 does to the outer), so the
  //    shape checks, the resolution of `to`, tokens, roles, ACP and DAS all act on the inner
  //    request, authenticated by the key (TS-0004 §7.6.2 step K).
  stages.push_back(std::make_unique<EsprimUnwrapStage>(deps.esprim, deps.identity, deps.clock));
  // 3. The primitive's shape and timing (rqi, ty, pc, rvi, ec, rqet/rset/oet): after 2, so
  //    that they check the primitive that will be executed, and before anything acts on it.
  stages.push_back(std::make_unique<PrimitiveCheckStage>(deps.clock, deps.primitive_checks));
  // 4. Resolve before ACP: the decision needs the target's (for CREATE: the parent's) acpi,
  //    creator and type; resolving once here serves the dispatcher too.
  //    A `to` on another CSE gets a route instead; stages 5 and 7 pass it by and stage 6 makes
  //    the transit decision (AccessDecider::decideForwarding).
  stages.push_back(std::make_unique<TargetResolutionStage>(deps.resolver, deps.routes));
  // 5. Tokens and roles after resolution (a token permission names target resources) and
  //    before the decision, which consumes the verified roles and tokens.
  stages.push_back(std::make_unique<TokenRoleStage>(deps.repository, deps.resolver,
                                                    deps.identity, deps.clock,
                                                    deps.authorization));
  // 6. The ACP decision. It records a denial instead of ending the chain, so that stage 7 may
  //    overturn it; Pipeline::authorize refuses whatever is still denied after the last stage.
  stages.push_back(std::make_unique<AcpDecisionStage>(access));
  // 6b. Remote PDPs (TS-0003 §7.5.2) named by the governing ACPs' adri: only on a denial, and
  //     before the DAS, which may still grant what they deny.
  stages.push_back(std::make_unique<RemoteDecisionStage>(deps.identity, deps.clock,
                                                         deps.authorization, access));
  // 7. Dynamic authorization last: it acts only on a denial, and re-runs stage 6's decision
  //    with what the DAS granted.
  stages.push_back(std::make_unique<DynamicAuthorizationStage>(
      deps.repository, deps.resolver, deps.identity, deps.clock, deps.authorization, access));
  return std::make_unique<Pipeline>(std::move(stages));
}

}  // namespace citadel::security
