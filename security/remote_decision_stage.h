#pragma once
// The Hosting CSE as PEP asking remote authorization points (TS-0003 §7.5): where the local
// decision denies and an <accessControlPolicy> governing the target names them. First the PIPs
// of airi, for Role-IDs the originator presented that this CSE's Role Repository does not hold
// (remote_information.h: a role counts when its holder is the originator, its issuer is in
// role.issuers and it is within its window); with them the local decision is made again. Then
// the PDPs of adri (communication mode a): an access control decision request — an UPDATE of
// that <authorizationDecision> with to, fr, op and what else the request carries (rrt, fu, rids,
// rtm, oip) — goes to each in order:
//  - status OK with PERMIT grants the request; OK with DENY leaves it denied and asks no other;
//  - NOT_APPLICABLE asks the next PDP (Table 7.5.2-3's note); so does an answer that is no
//    decision at all — a PDP not reached, silent beyond das.timeout, not there (4004) or not
//    letting this CSE ask (4103): only PDPs the same ACP names are asked, so failing over
//    grants nothing its owner did not delegate;
//  - any other status (MISSING_ATTRIBUTE, SYNTAX_ERROR, PROCESSING_ERROR) or a 2004 that is not
//    an m2m:auds answer to the request sent (rqi echoed, from the PDP's CSE when given) leaves
//    the request denied and asks no other.
// When no PDP decided, the local denial stands.
// Then, when no PDP decided, the Hosting CSE acts as its own PDP with remote policies (TS-0003
// §7.5.3): the PRPs named in the same ACPs' apri are asked for the policies of the target, in
// order (NOT_APPLICABLE or no answer: the next; an error status or a malformed answer: none
// other), and the first policies returned are evaluated here. A PERMIT or matching remote
// policy is applied as a DAS grant is, for this request and target only and through the
// AccessDecider again, so that what no grant may do stays refused (changing acpi or daci
// needs the ACPs' selfPrivileges; a <subscription> CREATE needs RETRIEVE on its target).
// Nothing is cached: every request that needs a PDP asks it. Tokens are not sent (they were
// evaluated here, and a token's audience is this CSE); the originator's Role-IDs are, for the
// PDP to verify with its own repository. At most three PDPs are asked per request. Runs after
// the ACP decision and before dynamic authorization (a DAS may still grant what a PDP denied).

#include "cse/model/clock.h"
#include "resources/cse_identity.h"
#include "security/access_decider.h"
#include "security/authorization_services.h"
#include "security/stage.h"

namespace citadel::security {

class RemoteDecisionStage final : public Stage {
 public:
  RemoteDecisionStage(const resources::CseIdentity& identity, const model::Clock& clock,
                      const AuthorizationServices* authorization, const AccessDecider& access)
      : identity_(identity), clock_(clock), authorization_(authorization), access_(access) {}
  std::string_view name() const override { return "remote_decision"; }
  model::Status onRequest(RequestContext& context) override;

 private:
  enum class Answer { kPermit, kDeny, kNextPdp };
  Answer ask(const RequestContext& context, const std::string& pdp) const;
  // Role-IDs of the request that the local decision did not count, asked of the PIPs `pips` in
  // order (the first that returns roles ends the search); verified ones join context.roles and
  // the decision is made again.
  model::Status fetchMissingRoles(RequestContext& context,
                                  const std::vector<std::string>& pips) const;
  // Re-runs the AccessDecider with `rules` (m2m:setOfAcrs) granted for this request and target.
  model::Status grantWith(RequestContext& context, model::Json rules,
                          std::string_view reason) const;

  const resources::CseIdentity& identity_;
  const model::Clock& clock_;
  const AuthorizationServices* authorization_;  // nullptr or no decision_sender: never asks
  const AccessDecider& access_;
};

// The attributes of the decision request for the request in `context` (TS-0003 Table 7.5.2-1):
// to (the target's structured ID), fr (absolute), op, rtm and, where the request has them, rrt,
// fu, rids and oip.
model::Json decisionRequestAttributes(const RequestContext& context,
                                      const resources::CseIdentity& identity,
                                      model::TimePoint now);

}  // namespace citadel::security
