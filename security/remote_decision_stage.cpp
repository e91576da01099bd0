#include "security/remote_decision_stage.h"

#include <algorithm>

#include "cse/model/log.h"
#include "security/authorization_exchange.h"
#include "security/originator_id.h"
#include "security/remote_information.h"
#include "security/remote_policies.h"

namespace citadel::security {
namespace {

using model::Json;

// Each PDP costs one bounded round trip on this worker; more than this is a misconfiguration.
constexpr size_t kMaxPdpsAsked = 3;

}  // namespace

Json decisionRequestAttributes(const RequestContext& context,
                               const resources::CseIdentity& identity, model::TimePoint now) {
  const model::Request& original = context.request;
  const resources::Resource& target = context.target->resource();
  Json auds = {{"to", identity.cse_id + "/" + target.path()},
               {"fr", absoluteId(context.originator, identity)},
               {"op", static_cast<int>(original.operation)},
               {"rtm", model::formatTimestamp(now)}};
  if (original.operation == model::Operation::kCreate && original.resource_type) {
    auds["rrt"] = *original.resource_type;
  }
  if (original.filter_criteria.is_object() && !original.filter_criteria.empty()) {
    auds["fu"] = original.filter_criteria;
  }
  if (!original.role_ids.empty()) auds["rids"] = original.role_ids;
  const std::string& peer = original.transport.peer_address;
  if (!peer.empty()) {
    auds["oip"] = {{peer.find(':') != std::string::npos ? "ip6" : "ip4", peer}};
  }
  return auds;
}

model::Status RemoteDecisionStage::onRequest(RequestContext& context) {
  if (context.decision.granted || !context.target || context.route ||
      context.originator_is_admin || authorization_ == nullptr ||
      authorization_->decision_sender == nullptr) {
    return {};
  }
  CITADEL_ASSIGN_OR_RETURN(AccessDecider::RemotePoints points,
                           access_.remotePoints(context.target->resource()));
  // Roles first (TS-0003 §7.5.4): presented Role-IDs this CSE's repository does not hold may be
  // held by the PIPs of airi; the ones that verify take part in every decision after this.
  CITADEL_RETURN_IF_ERROR(fetchMissingRoles(context, points.information));
  if (context.decision.granted) return {};
  size_t asked = 0;
  for (const std::string& pdp : points.decision) {
    if (asked++ == kMaxPdpsAsked) break;
    Answer answer = ask(context, pdp);
    if (answer == Answer::kPermit) {
      // Exactly the operation the PDP was asked about, for this originator on this target.
      Json rules = {{"acr", {{{"acor", {absoluteId(context.originator, identity_)}},
                              {"acop", static_cast<int>(operationOf(context.request))}}}}};
      return grantWith(context, std::move(rules), "pdp.permit");
    }
    if (answer == Answer::kDeny) {
      context.decision = {false, "pdp.deny"};
      return {};
    }
  }
  // The Hosting CSE as its own PDP with remote policies (TS-0003 §7.5.3: the requester "is the
  // Hosting CSE, it obtains the address ... from the authorizationPolicyResourceIDs").
  std::string to = identity_.cse_id + "/" + context.target->resource().path();
  asked = 0;
  for (const std::string& prp : points.policy) {
    if (asked++ == kMaxPdpsAsked) break;
    RemotePolicies fetched = fetchPolicies(*authorization_->decision_sender, prp, to, identity_);
    if (fetched.outcome == RemotePolicies::Outcome::kFound) {
      Json rules = Json::array();
      for (Json& set : fetched.rule_sets) {
        for (Json& rule : set.value("acr", Json::array())) rules.push_back(std::move(rule));
      }
      return grantWith(context, Json{{"acr", std::move(rules)}}, "prp.rule_matched");
    }
    if (fetched.outcome == RemotePolicies::Outcome::kUnusable) {
      context.decision = {false, "prp.unusable_answer"};
      return {};
    }
  }
  return {};  // nobody decided: the local denial stands
}

model::Status RemoteDecisionStage::fetchMissingRoles(RequestContext& context,
                                                    const std::vector<std::string>& pips) const {
  std::vector<std::string> missing;
  for (const std::string& role_id : context.request.role_ids) {
    if (std::find(context.roles.begin(), context.roles.end(), role_id) == context.roles.end()) {
      missing.push_back(role_id);
    }
  }
  if (missing.empty() || pips.empty()) return {};
  std::string holder = absoluteId(context.originator, identity_);
  size_t asked = 0;
  for (const std::string& pip : pips) {
    if (asked++ == kMaxPdpsAsked) break;
    RemoteInformation fetched = fetchInformation(*authorization_->decision_sender, pip, holder,
                                                 missing, {}, identity_);
    if (fetched.outcome == RemoteInformation::Outcome::kUnusable) return {};
    if (fetched.outcome != RemoteInformation::Outcome::kFound) continue;
    std::vector<std::string> valid = verifyRemoteRoles(
        fetched.roles, missing, holder, authorization_->role_authorities, identity_,
        clock_.now());
    if (valid.empty()) continue;
    context.roles.insert(context.roles.end(), valid.begin(), valid.end());
    CITADEL_ASSIGN_OR_RETURN(AccessDecision decision, access_.decideRequest(context));
    if (decision.granted) {
      decision.reason = "pip.role";
      context.decision = decision;
    }
    return {};
  }
  return {};
}

model::Status RemoteDecisionStage::grantWith(RequestContext& context, Json rules,
                                             std::string_view reason) const {
  // Through the AccessDecider like a DAS grant (this request, this target only), so that what
  // no grant may do stays refused: selfPrivileges, the subscribed-to resource's RETRIEVE, acr.aca.
  context.granted_once = ScopedGrant{context.target->resource().ri(),
                                     std::make_shared<const Json>(std::move(rules))};
  CITADEL_ASSIGN_OR_RETURN(AccessDecision decision, access_.decideRequest(context));
  if (decision.granted) {
    decision.reason = reason;
    context.decision = decision;
  } else {
    context.granted_once.reset();
    context.decision = {false, reason == "pdp.permit" ? "pdp.permit_not_applicable"
                                                      : "prp.no_matching_rule"};
  }
  return {};
}

RemoteDecisionStage::Answer RemoteDecisionStage::ask(const RequestContext& context,
                                                     const std::string& pdp) const {
  model::Request sent =
      authorizationUpdate(pdp, identity_, "pdp-", "m2m:auds",
                          decisionRequestAttributes(context, identity_, clock_.now()));
  model::Response response = authorization_->decision_sender->send(pdp, sent);
  AuthorizationAnswer answer = readAuthorizationAnswer(response, sent, "m2m:auds", identity_);
  auto refuse = [&](std::string_view why) {
    LOG_INFO("PDP " << model::logSafe(pdp) << " for fr=" << model::logSafe(context.originator)
                    << ": " << why);
    return Answer::kDeny;
  };
  switch (answer.kind) {
    case AuthorizationAnswer::Kind::kNoAnswer:
      LOG_INFO("PDP " << model::logSafe(pdp) << " gave no decision: rsc "
                      << static_cast<int>(response.status_code) << " " << response.reason);
      return Answer::kNextPdp;
    case AuthorizationAnswer::Kind::kUnusable:
      return refuse(answer.why);
    case AuthorizationAnswer::Kind::kResult:
      break;
  }
  if (answer.status == 2) return Answer::kNextPdp;  // NOT_APPLICABLE
  if (answer.status != 1) return refuse("status other than OK");
  return answer.result->value("dec", Json()) == Json(1) ? Answer::kPermit : Answer::kDeny;
}

}  // namespace citadel::security
