#include "cse/engine/notification/blocking_update.h"

#include "cse/model/log.h"

namespace citadel::engine {

using model::Rsc;
using model::Status;

Status blockingUpdateOutcome(const model::Response& answer, const std::string& target) {
  if (model::isSuccess(answer.status_code)) {
    return {};
  }
  int rsc = static_cast<int>(answer.status_code);
  if (answer.status_code == Rsc::kTargetNotReachable ||
      answer.status_code == Rsc::kRequestTimeout) {
    return {Rsc::kRemoteEntityNotReachable,
            "the Blocking_Update notification to " + model::logSafe(target) +
                " got no successful answer (rsc " + std::to_string(rsc) +
                "): the UPDATE is not applied",
            "blocking_update.unreachable"};
  }
  return {Rsc::kOperationDeniedByRemoteEntity,
          "the Blocking_Update notification target " + model::logSafe(target) +
              " refused the UPDATE (rsc " + std::to_string(rsc) + "): it is not applied",
          "blocking_update.denied"};
}

Status blockingTargetUnreachable(const std::string& target) {
  return {Rsc::kRemoteEntityNotReachable,
          "the Blocking_Update notification target " + model::logSafe(target) +
              " has no reachable point of access: the UPDATE is not applied",
          "blocking_update.no_target"};
}

}  // namespace citadel::engine
