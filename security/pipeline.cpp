#include "security/pipeline.h"

namespace citadel::security {

model::Result<AuthorizedRequest> Pipeline::authorize(RequestContext& context) const {
  context.stages_run = 0;
  for (const auto& stage : stages_) {
    ++context.stages_run;
    model::Status status = stage->onRequest(context);
    if (!status.isOk()) {
      return status;
    }
  }
  // Deny by default: every stage passed, but only a granted decision authorizes. A denial the
  // DynamicAuthorizationStage could not overturn ends here, as does a pipeline without an ACP
  // stage (the decision starts as "acp.not_evaluated").
  if (!context.decision.granted) {
    if (!context.decision.dbg.empty()) {
      return model::Status(model::Rsc::kOriginatorHasNoPrivilege, context.decision.dbg,
                           context.decision.reason);
    }
    return model::Status::noPrivilege(context.decision.reason);
  }
  return AuthorizedRequest(context);
}

model::Status Pipeline::admit(RequestContext& context) const {
  context.stages_run = 0;
  for (const auto& stage : stages_) {
    if (!stage->admission()) {
      break;
    }
    ++context.stages_run;
    CITADEL_RETURN_IF_ERROR(stage->onRequest(context));
  }
  return {};
}

void Pipeline::finish(RequestContext& context, model::Response& response) const {
  for (size_t i = context.stages_run; i > 0; --i) {
    stages_[i - 1]->onResponse(context, response);
  }
}

}  // namespace citadel::security
