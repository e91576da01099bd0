#include "cse/engine/authorization/decision_point.h"

#include <algorithm>
#include <array>

#include "cse/model/log.h"
#include "resources/views/acp_view.h"
#include "resources/views/token_view.h"
#include "security/authorization_exchange.h"
#include "security/originator_id.h"
#include "security/remote_information.h"
#include "security/remote_policies.h"
#include "security/role_verification.h"

namespace citadel::engine {
namespace {

using model::Json;
using model::Status;
using resources::AuthorizationDecisionValue;
using resources::AuthorizationStatus;

// TS-0004 §7.4.43.2.3 step 1a: the attributes a decision request may carry.
constexpr std::array<std::string_view, 11> kRequestAttributes = {
    "to", "fr", "op", "rrt", "fu", "rids", "tids", "tkns", "rtm", "olo", "oip"};

bool isRequestAttribute(std::string_view name) {
  return std::find(kRequestAttributes.begin(), kRequestAttributes.end(), name) !=
         kRequestAttributes.end();
}

constexpr size_t kMaxListEntries = 16;

DecisionOutcome withStatus(AuthorizationStatus status) { return {std::nullopt, status}; }

// The acop bit of the request: DISCOVERY for a RETRIEVE whose filter criteria say fu=1.
uint8_t operationBit(int64_t op, const Json& changes) {
  if (op == 2) {
    auto fu = changes.find("fu");
    if (fu != changes.end() && fu->is_object() && fu->value("fu", 0) == 1) {
      return static_cast<uint8_t>(model::AccessOperation::kDiscovery);
    }
  }
  return static_cast<uint8_t>(1u << (op - 1));
}

// rq_loc (m2m:locationRegion) as the originator's location for aclr: a country code, or the
// centre of a circular region.
security::OriginatorLocation locationOf(const Json& region) {
  security::OriginatorLocation location;
  if (auto accc = region.find("accc"); accc != region.end() && !accc->empty()) {
    location.country = (*accc)[0].get<std::string>();
  } else if (auto accr = region.find("accr"); accr != region.end() && accr->size() == 3) {
    location.latitude = (*accr)[0].get<double>();
    location.longitude = (*accr)[1].get<double>();
  }
  return location;
}

bool hasEntries(const Json& changes, std::string_view name) {
  auto list = changes.find(name);
  return list != changes.end() && list->is_array() && !list->empty();
}

}  // namespace

DecisionPoint::DecisionPoint(const PolicyMap& policies, const ServedRequesters& requesters,
                             std::vector<std::string> policy_sources,
                             resources::ResourceRepository& repository,
                             resources::ResourceResolver& resolver,
                             const resources::CseIdentity& identity, const model::Clock& clock,
                             const security::AuthorizationServices* authorization)
    : policies_(policies),
      requesters_(requesters),
      policy_sources_(std::move(policy_sources)),
      repository_(repository),
      resolver_(resolver),
      identity_(identity),
      clock_(clock),
      authorization_(authorization),
      groups_(resolver, identity),
      evaluator_(identity, &groups_) {}

bool DecisionPoint::isDecisionRequest(const Json& changes) {
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    if (isRequestAttribute(it.key())) return true;
  }
  return false;
}

security::RemotePolicies DecisionPoint::remotePolicies(const std::string& to) const {
  security::RemotePolicies fetched;
  if (authorization_ == nullptr || authorization_->decision_sender == nullptr) return fetched;
  for (const std::string& prp : policy_sources_) {
    fetched = security::fetchPolicies(*authorization_->decision_sender, prp, to, identity_);
    if (fetched.outcome == security::RemotePolicies::Outcome::kFound ||
        fetched.outcome == security::RemotePolicies::Outcome::kUnusable) {
      break;
    }
  }
  return fetched;
}

void DecisionPoint::addRemoteRoles(security::VerifiedRoles& roles, const std::string& holder,
                                   model::TimePoint now) const {
  // TS-0003 §7.5.4 mode e: Role-IDs this PDP does not hold, from the PIP that
  // authorization.repositories names for their issuer.
  if (authorization_ == nullptr || roles.unknown.empty()) return;
  for (std::string& role_id :
       security::rolesFromRepositories(*authorization_, identity_, holder, roles.unknown, now)) {
    std::erase(roles.unknown, role_id);
    roles.valid.push_back(std::move(role_id));
  }
  roles.some_unknown = !roles.unknown.empty();
}

model::Result<DecisionPoint::TokenEvidence> DecisionPoint::tokenEvidence(
    const Json& changes, const std::string& to, const std::string& holder) const {
  TokenEvidence evidence;
  std::vector<std::string> compacts;
  if (hasEntries(changes, "tkns")) compacts = changes["tkns"].get<std::vector<std::string>>();
  bool has_ids = hasEntries(changes, "tids");
  if (compacts.empty() && !has_ids) return evidence;
  if (authorization_ == nullptr || authorization_->verifier == nullptr) {
    evidence.unknown = true;  // no issuer is trusted here: nothing to evaluate them with
    return evidence;
  }
  size_t lookups = 0;
  for (const std::string& id : has_ids ? changes["tids"].get<std::vector<std::string>>()
                                       : std::vector<std::string>{}) {
    CITADEL_ASSIGN_OR_RETURN(std::optional<resources::Resource> stored,
                             repository_.tokenByTokenId(id));
    if (stored) {
      if (auto object = resources::TokenView(*stored).tokenObject()) {
        compacts.push_back(*object);
        continue;
      }
    }
    std::string pip = security::repositoryFor(id, authorization_->repositories);
    if (!pip.empty() && authorization_->decision_sender != nullptr &&
        lookups++ < security::kMaxRepositoryLookups) {
      security::RemoteInformation fetched = security::fetchInformation(
          *authorization_->decision_sender, pip, holder, {}, {id}, identity_);
      if (!fetched.tokens.empty()) {
        compacts.insert(compacts.end(), fetched.tokens.begin(), fetched.tokens.end());
        continue;
      }
    }
    evidence.unknown = true;
  }
  // Verified as the Hosting CSE (the CSE of `to`) verifies a presented token.
  resources::CseIdentity hosting = identity_;
  hosting.cse_id = security::cseOfId(to, identity_);
  if (hosting.cse_id.empty()) hosting.cse_id = identity_.cse_id;
  std::string target = security::spRelativeId(to, identity_, hosting.cse_id);
  for (const std::string& compact : compacts) {
    auto verified = authorization_->verifier->verify(compact, hosting, holder);
    if (!verified.isOk()) {
      LOG_INFO("PDP: a token of the request for " << model::logSafe(to)
                                                   << " refused: " << verified.status().reason());
      evidence.invalid = true;
      continue;
    }
    const auto& claims = *verified.value().claims;
    if (!claims.permissions) continue;
    for (const auto& permission : *claims.permissions) {
      bool applies = !permission.resource_ids;
      for (const std::string& ri : permission.resource_ids.value_or(std::vector<std::string>{})) {
        applies = applies ||
                  (!target.empty() &&
                   security::spRelativeId(ri, identity_, hosting.cse_id) == target);
      }
      if (!applies) continue;
      if (permission.privileges) evidence.rule_sets.push_back(*permission.privileges);
      for (const std::string& role : permission.role_ids.value_or(std::vector<std::string>{})) {
        evidence.roles.push_back(role);
      }
    }
  }
  return evidence;
}

model::Result<DecisionOutcome> DecisionPoint::decide(std::string_view requester,
                                                     const Json& changes,
                                                     const resources::Resource& resource) const {
  if (!requesters_.serves(requester)) {
    // Only the CSEs the operator lists (authorization.requesters) are served.
    return Status::noPrivilege("pdp.requester_not_served");
  }
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    if (!isRequestAttribute(it.key())) {
      return Status::badRequest("attribute '" + it.key() + "' may not be in an access control "
                                "decision request (TS-0004 §7.4.43.2.3 step 1a)",
                                "pdp.not_a_request_attribute");
    }
    if (it->is_null()) {
      return Status::badRequest("attribute '" + it.key() + "' is null: a decision request "
                                "sets values, it deletes none", "pdp.null_attribute");
    }
  }
  for (const char* mandatory : {"to", "fr", "op"}) {
    if (!changes.contains(mandatory)) {
      return Status::badRequest(std::string("a decision request carries to, fr and op; '") +
                                    mandatory + "' is missing (TS-0004 §7.4.43.2.3 step 1b)",
                                "pdp.missing_attribute");
    }
  }
  // As a request's own rids/tids/tkns are bounded (the token/role stage): each role is looked
  // up, each may cost a repository round trip.
  for (const char* list : {"rids", "tids", "tkns"}) {
    auto entries = changes.find(list);
    if (entries != changes.end() && entries->is_array() && entries->size() > kMaxListEntries) {
      return Status::badRequest(std::string("at most 16 entries in '") + list +
                                    "' of a decision request",
                                "pdp.too_many");
    }
  }
  const std::string& to = changes["to"].get_ref<const std::string&>();
  CITADEL_ASSIGN_OR_RETURN(ApplicablePolicies found, policies_.find(to, resource, resolver_));
  if (found.outcome == ApplicablePolicies::Outcome::kUnreadable) {
    return withStatus(AuthorizationStatus::kProcessingError);
  }
  std::vector<const Json*> rule_sets;
  for (const resources::Resource& policy : found.acps) {
    rule_sets.push_back(&resources::AcpView(policy).privileges());
  }
  security::RemotePolicies remote;
  if (found.outcome == ApplicablePolicies::Outcome::kNone) {
    remote = remotePolicies(to);
    if (remote.outcome == security::RemotePolicies::Outcome::kUnusable) {
      return withStatus(AuthorizationStatus::kProcessingError);
    }
    if (remote.outcome != security::RemotePolicies::Outcome::kFound) {
      return withStatus(AuthorizationStatus::kNotApplicable);
    }
    for (const Json& set : remote.rule_sets) rule_sets.push_back(&set);
  }

  security::AccessRequest access;
  access.originator_absolute =
      security::absoluteId(changes["fr"].get_ref<const std::string&>(), identity_);
  int64_t op = changes["op"].get<int64_t>();
  access.operation_bit = operationBit(op, changes);
  if (op == 1 && changes.contains("rrt")) {
    access.created_type = static_cast<uint16_t>(changes["rrt"].get<int64_t>());
  }
  access.now = clock_.now();
  if (auto rtm = changes.find("rtm"); rtm != changes.end()) {
    if (auto when = model::parseTimestamp(rtm->get_ref<const std::string&>())) access.now = *when;
  }
  std::string peer;
  if (auto oip = changes.find("oip"); oip != changes.end()) {
    peer = oip->begin()->get<std::string>();
    access.peer_address = peer;
  }
  security::OriginatorLocation location;
  if (auto olo = changes.find("olo"); olo != changes.end()) {
    location = locationOf(*olo);
    access.location = &location;
  }
  security::VerifiedRoles roles;
  if (hasEntries(changes, "rids")) {
    static const std::vector<security::RoleAuthority> kNone;
    CITADEL_ASSIGN_OR_RETURN(
        roles, security::verifyRoles(
                   repository_, identity_,
                   authorization_ != nullptr ? authorization_->role_authorities : kNone,
                   access.originator_absolute, changes["rids"].get<std::vector<std::string>>(),
                   access.now));
    addRemoteRoles(roles, access.originator_absolute, access.now);
    access.roles = &roles.valid;
  }
  // TS-0003 §7.3.2.5: the permissions of valid tokens that apply to `to` count as ACPs, their
  // rids as roles.
  CITADEL_ASSIGN_OR_RETURN(TokenEvidence tokens,
                           tokenEvidence(changes, to, access.originator_absolute));
  for (const Json& set : tokens.rule_sets) rule_sets.push_back(&set);
  if (!tokens.roles.empty()) {
    roles.valid.insert(roles.valid.end(), tokens.roles.begin(), tokens.roles.end());
    access.roles = &roles.valid;
  }
  security::AccessDecision decision = evaluator_.decide(rule_sets, access);
  if (decision.granted) return DecisionOutcome{AuthorizationDecisionValue::kPermit,
                                               AuthorizationStatus::kOk};
  if (tokens.invalid) return withStatus(AuthorizationStatus::kSyntaxError);
  if (roles.some_unknown || tokens.unknown) {
    return withStatus(AuthorizationStatus::kMissingAttribute);
  }
  return DecisionOutcome{AuthorizationDecisionValue::kDeny, AuthorizationStatus::kOk};
}

}  // namespace citadel::engine
