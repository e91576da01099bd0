#pragma once
// The <request> resource of one non-blocking request (TS-0004 §7.3.2.2 and §7.3.2.5): built
// when the CSE accepts the request, then updated with its status and operationResult. Written
// straight through the repository: the CSE is its only creator (TS-0001 §9.6.12).
//
// Thread-safety: stateless functions; writers hold the <request>'s record lock (StripeLocks).

#include <string>

#include "cse/model/clock.h"
#include "cse/model/request.h"
#include "cse/model/response.h"
#include "resources/resource.h"
#include "resources/types/request.h"

namespace citadel::engine {

// A new <request> (not stored) under the <CSEBase> at `cse_base_path` / `cse_base_ri`, for
// `request` from `originator` (normalised fr), expiring at `expiration`: Tables 7.3.2.2-1/-2
// (rs PENDING, ors {rsc 1001/1002, rqi}); labels the originator; creator the originator (its
// default access: RETRIEVE/DELETE by it, besides the admin).
resources::Resource newRequestRecord(const model::Request& request, const std::string& originator,
                                     const std::string& cse_base_ri,
                                     const std::string& cse_base_path,
                                     const std::string& expiration, model::TimePoint now);

// m2m:operationResult / m2m:responsePrimitive of `response` to the request `request_id`
// (TS-0004 Table 6.3.5.32-1): rsc, rqi, pc when there is content, ot.
model::Json operationResult(const model::Response& response, const std::string& request_id,
                            model::TimePoint now);

// Sets rs, ors and lt of `record`.
void recordOutcome(resources::Resource& record, resources::RequestStatus status,
                   model::Json operation_result, model::TimePoint now);

}  // namespace citadel::engine
