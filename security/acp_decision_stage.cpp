#include "security/acp_decision_stage.h"

namespace citadel::security {

model::Status AcpDecisionStage::onRequest(RequestContext& context) {
  CITADEL_ASSIGN_OR_RETURN(context.decision, access_.decideRequest(context));
  return {};
}

}  // namespace citadel::security
