#pragma once
// The PIP procedure bound to this CSE's <authorizationInformation> resources (TS-0004
// §7.4.45.2.3, TS-0003 §7.5.4; authorization.pip): an UPDATE with From (mandatory), Role IDs
// and/or Token IDs — and nothing else — is an access control information request. This CSE is
// then the Role and Token Repository being asked: the <role> resources whose roleID is listed
// and whose holder is From, and the <token> resources whose tokenID is listed (and whose holder,
// where one is stored, is From), are the answer, status OK; none: NOT_APPLICABLE.
//
// The answer's wire form: the spec creates <role>/<token> children and answers "using" them.
// Here they are nested in the UPDATE answer as rcn 4 would nest children ({"m2m:auif": {...,
// "sus": 1, "m2m:rol": [...], "m2m:tk": [...]}}) and never stored under the
// <authorizationInformation>: a stored copy would be indexed like a local role (the roleID
// index is the Role Repository's), and the procedure deletes them after the answer anyway.
// Only the requesters the operator lists are served (served_requesters.h).

#include <string_view>
#include <vector>

#include "cse/engine/authorization/served_requesters.h"
#include "cse/model/json.h"
#include "cse/model/status.h"
#include "resources/cse_identity.h"
#include "resources/resource_repository.h"
#include "resources/types/authorization_resources.h"

namespace citadel::engine {

struct InformationOutcome {
  resources::AuthorizationStatus status = resources::AuthorizationStatus::kProcessingError;
  std::vector<resources::Resource> roles;   // <role> resources, in request order
  std::vector<resources::Resource> tokens;  // <token> resources, in request order
};

class InformationPoint {
 public:
  // Everything referenced must outlive the information point.
  InformationPoint(const ServedRequesters& requesters, resources::ResourceRepository& repository,
                   const resources::CseIdentity& identity)
      : requesters_(requesters), repository_(repository), identity_(identity) {}

  // True when the UPDATE's attributes set fr, rids or tids: an information request.
  static bool isInformationRequest(const model::Json& changes) {
    return changes.contains("fr") || changes.contains("rids") || changes.contains("tids");
  }

  // 4103 for a requester not served; 4000 when anything but fr/rids/tids is set or fr is
  // missing (step 1); 5000 on a storage fault. Thread-safe.
  model::Result<InformationOutcome> retrieve(std::string_view requester,
                                             const model::Json& changes) const;

 private:
  const ServedRequesters& requesters_;
  resources::ResourceRepository& repository_;
  const resources::CseIdentity& identity_;
};

}  // namespace citadel::engine
