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
  return AuthorizedRequest(context);
}

void Pipeline::finish(RequestContext& context, model::Response& response) const {
  for (size_t i = context.stages_run; i > 0; --i) {
    stages_[i - 1]->onResponse(context, response);
  }
}

}  // namespace citadel::security
