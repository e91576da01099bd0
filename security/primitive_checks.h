#pragma once
// The request-parameter rules that do not depend on the tree (TS-0004 Table 7.2.1.1-1 and
// §7.3.3.x), as pure functions: the PrimitiveCheckStage runs them, unit tests call them.

#include <optional>

#include "cse/model/clock.h"
#include "cse/model/request.h"
#include "cse/model/status.h"

namespace citadel::security {

// rqi present, ty only (and always) on CREATE, pc where permitted, a supported rvi (4001
// otherwise; an absent rvi is a Release 1 request, TS-0004 §7.3.2.1), a valid ec. 4000
// otherwise.
model::Status checkPrimitiveShape(const model::Request& request);

// rqet / rset / oet (TS-0004 §7.3.3.x): malformed -> 4000, rqet after rset -> 4000, rqet already
// passed -> 4008. `oet` receives the operation execution time when it lies in the future.
model::Status checkRequestTiming(const model::Request& request, model::TimePoint now,
                                 std::optional<model::TimePoint>* oet);

}  // namespace citadel::security
