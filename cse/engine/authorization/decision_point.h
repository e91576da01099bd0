#pragma once
// The PDP procedure bound to this CSE's <authorizationDecision> resources (TS-0004 §7.4.43.2.3,
// TS-0003 §7.5.2; binding them is "out of scope" there, so it is configuration here:
// authorization.pdp). An UPDATE that carries request attributes is an access control decision
// request: its To/From/Operation (mandatory) and the optional Resource Type, Filter Criteria,
// Role IDs, Token IDs, Tokens, rq_time, rq_loc and rq_ip are evaluated against the policies
// that apply to `to` and answered with decision and status.
//
// Which policies apply to a target on another CSE is this CSE's configuration
// (authorization.pdpPolicies: "[name:]prefix=acp-id" entries; a `to` equal to or below a
// prefix, on a path-segment boundary, is governed by the union of the privileges of every
// matching entry's <accessControlPolicy> — the permit-overrides combination of TS-0004 Table
// 6.3.4.2.53-1). An entry with a name applies only to the <authorizationDecision> of that
// resourceName or resourceID, one without to all of them. No entry: NOT_APPLICABLE, so that the
// requester asks its next PDP. A configured policy that cannot be read: PROCESSING_ERROR.
//
// Roles are verified here as the Hosting CSE verifies its own (security/role_verification.h,
// holder = From). Tokens are not evaluated by this PDP: a decision that would need them (denied
// without them, and the request carried tids or tkns) is MISSING_ATTRIBUTE, as is one denied
// while a Role-ID names no <role> here. acaf rules never hold (the PDP cannot know how the PEP
// authenticated the originator); acip and aclr use rq_ip and rq_loc.
//
// Only the requesters the operator lists (authorization.pdpRequesters, CSE-IDs) are served;
// another originator's decision request answers 4103 before anything is evaluated — the ACPs
// of the <authorizationDecision> still decide who may UPDATE it at all (TS-0003 §7.5.5).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "cse/model/status.h"
#include "resources/cse_identity.h"
#include "resources/resource_repository.h"
#include "resources/resource_resolver.h"
#include "resources/types/authorization_resources.h"
#include "security/acp_evaluator.h"
#include "security/authorization_services.h"
#include "security/group_membership.h"

namespace citadel::engine {

struct DecisionPointSettings {
  std::vector<std::string> requesters;  // CSE-IDs served ("/id-mn")
  std::vector<std::string> policies;    // "[name:]prefix=acp-id" entries
};

struct DecisionOutcome {
  std::optional<resources::AuthorizationDecisionValue> decision;  // only with status OK
  resources::AuthorizationStatus status = resources::AuthorizationStatus::kProcessingError;
};

class DecisionPoint {
 public:
  // 4000 naming the entry for a policies entry that is not "[name:]prefix=acp-id" with an
  // SP-relative or absolute prefix.
  static model::Result<DecisionPointSettings> checkSettings(DecisionPointSettings settings);

  // Everything referenced must outlive the decision point.
  DecisionPoint(DecisionPointSettings settings, resources::ResourceRepository& repository,
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
  struct PolicyEntry {
    std::string decision;  // rn or ri of the <authorizationDecision>; "" for every one
    std::string prefix;    // SP-relative ("/id-mn/cse-mn/fleet")
    std::string policy;  // an <accessControlPolicy> ID on this CSE
  };
  // The SP-relative form of `to`, or "" for a target in another SP.
  std::string spRelative(std::string_view to) const;
  // The IDs of the policies that apply to `to` at `resource`, in configuration order.
  std::vector<std::string> policiesFor(std::string_view to,
                                       const resources::Resource& resource) const;

  std::vector<std::string> requesters_;
  std::vector<PolicyEntry> policies_;
  resources::ResourceRepository& repository_;
  resources::ResourceResolver& resolver_;
  const resources::CseIdentity& identity_;
  const model::Clock& clock_;
  const security::AuthorizationServices* authorization_;
  security::ResolverGroupMembership groups_;  // before evaluator_, which points at it
  security::AcpEvaluator evaluator_;
};

}  // namespace citadel::engine
