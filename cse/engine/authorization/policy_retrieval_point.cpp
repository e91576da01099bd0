#include "cse/engine/authorization/policy_retrieval_point.h"

#include "resources/views/acp_view.h"

namespace citadel::engine {

using model::Json;
using model::Status;
using resources::AuthorizationStatus;

model::Result<PolicyOutcome> PolicyRetrievalPoint::retrieve(
    std::string_view requester, const Json& changes, const resources::Resource& resource) const {
  if (!requesters_.serves(requester)) {
    return Status::noPrivilege("prp.requester_not_served");
  }
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    if (it.key() != "to") {
      return Status::badRequest("attribute '" + it.key() + "' may not be in an access control "
                                "policy request: only 'to' (TS-0004 §7.4.44.2.3 step 1a)",
                                "prp.not_a_request_attribute");
    }
  }
  const Json& to = changes["to"];
  if (!to.is_string()) {
    return Status::badRequest("an access control policy request sets 'to' to the target's ID",
                              "prp.missing_to");
  }
  CITADEL_ASSIGN_OR_RETURN(ApplicablePolicies found,
                           policies_.find(to.get_ref<const std::string&>(), resource, resolver_));
  if (found.outcome == ApplicablePolicies::Outcome::kNone) {
    return PolicyOutcome{AuthorizationStatus::kNotApplicable, nullptr};
  }
  if (found.outcome == ApplicablePolicies::Outcome::kUnreadable) {
    return PolicyOutcome{AuthorizationStatus::kProcessingError, nullptr};
  }
  Json privileges = Json::array();
  for (const resources::Resource& acp : found.acps) {
    privileges.push_back(resources::AcpView(acp).privileges());
  }
  return PolicyOutcome{AuthorizationStatus::kOk, Json{{"pv", std::move(privileges)}}};
}

}  // namespace citadel::engine
