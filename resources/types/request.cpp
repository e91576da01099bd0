#include "resources/types/request.h"

namespace citadel::resources {

model::Status RequestType::validateCreate(const model::Json&) const {
  return model::Status::operationNotAllowed(
      "a <request> is created by the CSE only, for a request with rt 1 or 2 (TS-0004 "
      "§7.4.12.2.1)", "create.request_by_api");
}

model::Status RequestType::validateUpdate(const model::Json&) const {
  return model::Status::operationNotAllowed("a <request> cannot be updated", "update.request");
}

model::Status checkRecall(const Resource& request) {
  auto status = static_cast<RequestStatus>(
      request.intAttribute("rs", static_cast<int64_t>(RequestStatus::kPending)));
  bool running = request.attributes.value(std::string(kRequestRunningField), false);
  bool recallable = status == RequestStatus::kCompleted || status == RequestStatus::kFailed ||
                    (status == RequestStatus::kPending && !running);
  if (recallable) {
    return {};
  }
  return model::Status(model::Rsc::kUnableToRecallRequest,
                       "the requested operation is in progress and cannot be recalled",
                       "delete.request_running");
}

}  // namespace citadel::resources
