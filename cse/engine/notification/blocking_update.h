#pragma once
// The outcome of a Blocking_Update notification (notificationEventType 7, TS-0001 Table 9.6.8-2,
// TS-0004 §7.5.1.2.19 and §7.3.2.9): what the blocked UPDATE answers, given what the Notification
// Target answered.

#include <string>

#include "cse/model/response.h"
#include "cse/model/status.h"

namespace citadel::engine {

// OK when `answer` is successful (the UPDATE commits). Else the UPDATE's error, nothing changed:
// 5107 REMOTE_ENTITY_NOT_REACHABLE when the target answered TARGET_NOT_REACHABLE or no answer
// came (the sender's 5103 / 4008, TS-0004 §7.3.2.9); 4127 OPERATION_DENIED_BY_REMOTE_ENTITY for
// OPERATION_NOT_ALLOWED and any other unsuccessful answer. `target` (the nu entry) is named in
// the dbg.
model::Status blockingUpdateOutcome(const model::Response& answer, const std::string& target);

// The error when the target resolves to no URL (not a registered, request-reachable AE with a
// poa): 5107, as for a target that cannot be reached.
model::Status blockingTargetUnreachable(const std::string& target);

}  // namespace citadel::engine
