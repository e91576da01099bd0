#include "security/target_resolution_stage.h"

namespace citadel::security {

model::Status TargetResolutionStage::onRequest(RequestContext& context) {
  CITADEL_ASSIGN_OR_RETURN(context.target, resolver_.resolve(context.request.to));
  return {};
}

}  // namespace citadel::security
