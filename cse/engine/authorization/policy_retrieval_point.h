#pragma once
// The PRP procedure bound to this CSE's <authorizationPolicy> resources (TS-0004 §7.4.44.2.3,
// TS-0003 §7.5.3; authorization.prp): an UPDATE that sets `to` — and nothing else — is an access
// control policy request, answered with the policies that apply to `to` (policy_map.h) as
// m2m:setOfPermissions ({"pv": [m2m:setOfAcrs, ...]}, the privileges of each mapped ACP),
// combiningAlgorithm PERMIT_OVERRIDES (1, the only one TS-0004 Table 6.3.4.2.53-1 defines) and
// status OK; NOT_APPLICABLE when no policy applies, PROCESSING_ERROR when a mapped one cannot be
// read. Only the requesters the operator lists are served (served_requesters.h).

#include <string_view>

#include "cse/engine/authorization/policy_map.h"
#include "cse/engine/authorization/served_requesters.h"
#include "cse/model/json.h"
#include "cse/model/status.h"
#include "resources/resource_resolver.h"
#include "resources/types/authorization_resources.h"

namespace citadel::engine {

struct PolicyOutcome {
  resources::AuthorizationStatus status = resources::AuthorizationStatus::kProcessingError;
  model::Json policies;  // m2m:setOfPermissions, with status OK only
};

class PolicyRetrievalPoint {
 public:
  // All three must outlive the retrieval point.
  PolicyRetrievalPoint(const PolicyMap& policies, const ServedRequesters& requesters,
                       resources::ResourceResolver& resolver)
      : policies_(policies), requesters_(requesters), resolver_(resolver) {}

  // True when the UPDATE's attributes set `to`: a policy request. Any other UPDATE of the
  // resource is an ordinary one.
  static bool isPolicyRequest(const model::Json& changes) { return changes.contains("to"); }

  // The answer to `changes` from `requester` (its local form) at the <authorizationPolicy>
  // `resource`. 4103 for a requester not served; 4000 when anything but `to` is set (step 1a);
  // 5000 on a storage fault. Thread-safe.
  model::Result<PolicyOutcome> retrieve(std::string_view requester, const model::Json& changes,
                                        const resources::Resource& resource) const;

 private:
  const PolicyMap& policies_;
  const ServedRequesters& requesters_;
  resources::ResourceResolver& resolver_;
};

}  // namespace citadel::engine
