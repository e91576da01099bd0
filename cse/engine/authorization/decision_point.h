#pragma once
// The PDP procedure bound to this CSE's <authorizationDecision> resources (TS-0004 §7.4.43.2.3,
// TS-0003 §7.5.2; binding them is "out of scope" there, so it is configuration here:
// authorization.pdp). An UPDATE that carries request attributes is an access control decision
// request: its To/From/Operation (mandatory) and the optional Resource Type, Filter Criteria,
// Role IDs, Token IDs, Tokens, rq_time, rq_loc and rq_ip are evaluated against the policies
// that apply to `to` and answered with decision and status.
//
// Which policies apply to a target on another CSE is this CSE's configuration
// (authorization.policies, policy_map.h). Where no entry applies, the PRPs of
// authorization.policySources are asked in order (TS-0003 §7.5.3 communication mode c,
// security/remote_policies.h) and the first policies they return decide. None: NOT_APPLICABLE,
// so that the requester asks its next PDP. A configured policy that cannot be read, or a PRP's
// unusable answer: PROCESSING_ERROR.
//
// Roles are verified here as the Hosting CSE verifies its own (security/role_verification.h,
// holder = From); a Role-ID this CSE does not hold is asked of the PIP that
// authorization.repositories names for its issuer (TS-0003 §7.5.4 mode e). Tokens (tkns, and
// tids found among this CSE's <token> resources or in the repository of their issuer) are
// verified as the Hosting CSE would (token.issuers here, audience the CSE of `to`, holder
// From); a permission applies when it names no resources or names `to` (both compared in
// SP-relative form: a PDP on another CSE knows the target only by the ID the PEP sends, so a
// permission naming it by another ID does not apply here), and then its privileges count as an
// ACP's and its rids as roles (TS-0003 §7.3.2.5). Denied otherwise: SYNTAX_ERROR when a token
// failed verification, MISSING_ATTRIBUTE when a token ID or Role-ID stayed unknown.
// acaf rules never hold (the PDP cannot know how the PEP authenticated the originator); acip
// and aclr use rq_ip and rq_loc.
//
// Only the requesters the operator lists are served (served_requesters.h).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "cse/model/status.h"
#include "cse/engine/authorization/policy_map.h"
#include "cse/engine/authorization/served_requesters.h"
#include "resources/cse_identity.h"
#include "resources/resource_repository.h"
#include "resources/resource_resolver.h"
#include "resources/types/authorization_resources.h"
#include "security/acp_evaluator.h"
#include "security/authorization_services.h"
#include "security/group_membership.h"
#include "security/remote_policies.h"
#include "security/role_verification.h"

namespace citadel::engine {

struct DecisionOutcome {
  std::optional<resources::AuthorizationDecisionValue> decision;  // only with status OK
  resources::AuthorizationStatus status = resources::AuthorizationStatus::kProcessingError;
};

class DecisionPoint {
 public:
  // Everything referenced must outlive the decision point.
  DecisionPoint(const PolicyMap& policies, const ServedRequesters& requesters,
                std::vector<std::string> policy_sources,
                resources::ResourceRepository& repository,
                resources::ResourceResolver& resolver, const resources::CseIdentity& identity,
                const model::Clock& clock, const security::AuthorizationServices* authorization);

  // True when `changes` (the UPDATE's attributes) hold a request attribute, so that the UPDATE
  // is a decision request. An UPDATE of only universal/common attributes (acpi, lbl, et) is an
  // ordinary UPDATE of the resource.
  static bool isDecisionRequest(const model::Json& changes);

  // The decision for `changes` sent by `requester` (its local form, as the pipeline settled
  // it) to the <authorizationDecision> `resource`. 4103 for a requester not served; 4000 for an
  // attribute that may not be in a decision request or a missing To/From/Operation; 5000 on a
  // storage fault. Thread-safe.
  model::Result<DecisionOutcome> decide(std::string_view requester, const model::Json& changes,
                                        const resources::Resource& resource) const;

 private:
  // Role-IDs of `roles.unknown` fetched from the repository of their issuer (mode e) and
  // verified; found ones move to `roles.valid`.
  void addRemoteRoles(security::VerifiedRoles& roles, const std::string& holder,
                      model::TimePoint now) const;
  // Policies from the PRPs of policy_sources_, in order, for `to`.
  security::RemotePolicies remotePolicies(const std::string& to) const;
  struct TokenEvidence {
    std::vector<model::Json> rule_sets;  // privileges of the permissions that apply to `to`
    std::vector<std::string> roles;      // their rids
    bool invalid = false;                // a token failed verification
    bool unknown = false;                // a token ID was found nowhere
  };
  // The tokens of the request (tkns, tids) for `holder` on `to`.
  model::Result<TokenEvidence> tokenEvidence(const model::Json& changes, const std::string& to,
                                             const std::string& holder) const;

  const PolicyMap& policies_;
  const ServedRequesters& requesters_;
  std::vector<std::string> policy_sources_;  // <authorizationPolicy> IDs on other CSEs
  resources::ResourceRepository& repository_;
  resources::ResourceResolver& resolver_;
  const resources::CseIdentity& identity_;
  const model::Clock& clock_;
  const security::AuthorizationServices* authorization_;
  security::ResolverGroupMembership groups_;  // before evaluator_, which points at it
  security::AcpEvaluator evaluator_;
};

}  // namespace citadel::engine
