#include "security/primitive_check_stage.h"

#include "security/primitive_checks.h"

namespace citadel::security {

model::Status PrimitiveCheckStage::onRequest(RequestContext& context) {
  CITADEL_RETURN_IF_ERROR(checkPrimitiveShape(context.request));
  model::TimePoint now = clock_.now();
  std::optional<model::TimePoint> execute_at;
  CITADEL_RETURN_IF_ERROR(checkRequestTiming(context.request, now, &execute_at));
  int64_t limit = settings_ != nullptr ? settings_->short_request_expiration_ms.load() : 0;
  if (limit > 0 && execute_at && *execute_at - now > std::chrono::milliseconds(limit)) {
    return {model::Rsc::kRequestTimeout,
            "the request would expire (short request expiration) before its operation "
            "execution time",
            "primitive.expired"};
  }
  if (execute_at && *execute_at - now > kMaxExecutionDelay) {
    return model::Status::badRequest("operation execution time (oet) is more than 10 s away; "
                                     "this CSE holds blocking requests at most that long",
                                     "primitive.oet_far");
  }
  context.execute_at = execute_at;
  return {};
}

}  // namespace citadel::security
