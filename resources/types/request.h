#pragma once
// <request> (ty 17, m2m:req), TS-0001 §9.6.12 / TS-0004 §7.4.12: the context and outcome of one
// non-blocking request (rt 1 or 2). Only the CSE creates one, under its <CSEBase>, when it
// accepts such a request (cse/engine/non_blocking_requests.h writes it through the repository);
// a CREATE of ty 17 through the API is refused. Its originator may RETRIEVE and DELETE it (a
// DELETE while the operation waits cancels it; once the operation runs, 5220).

#include "resources/type_handler.h"

namespace citadel::resources {

// m2m:requestStatus (TS-0004 Table 6.3.4.2.10-1).
enum class RequestStatus : uint8_t {
  kCompleted = 1,
  kFailed = 2,
  kPending = 3,
  kForwarded = 4,
  kPartiallyCompleted = 5,
};

// Internal field of a <request>: true once a worker has taken the operation up, so that it can
// no longer be recalled (TS-0004 §7.4.12.2.4). Written under the <request>'s record lock.
inline constexpr std::string_view kRequestRunningField = "_run";

class RequestType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kRequest; }
  // TS-0004 §7.4.12.2.1: "shall not be created via API": always 4005.
  model::Status validateCreate(const model::Json& attributes) const override;
  // TS-0004 Table 7.4.12.1-2 allows acpi/daci on UPDATE; this CSE gives a <request> no ACP of
  // its own (its originator is its creator, see README), so nothing is updatable: 4005.
  model::Status validateUpdate(const model::Json& changes) const override;
};

// TS-0004 §7.4.12.2.4 for a DELETE of `request` (read under its lock): OK while the operation
// waits (PENDING, not yet taken up: the DELETE cancels it) or once it finished (COMPLETED,
// FAILED); 5220 UNABLE_TO_RECALL_REQUEST while it runs, or FORWARDED / PARTIALLY_COMPLETED.
model::Status checkRecall(const Resource& request);

}  // namespace citadel::resources
