#include "cse/engine/authorization/decision_point.h"

#include <algorithm>
#include <array>

#include "cse/model/log.h"
#include "resources/views/acp_view.h"
#include "security/originator_id.h"
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

// "[name:]prefix=acp-id" -> name (or ""), prefix, policy; nullopt when malformed.
struct ParsedEntry {
  std::string decision, prefix, policy;
};
std::optional<ParsedEntry> parseEntry(std::string_view entry) {
  ParsedEntry parsed;
  if (!entry.starts_with("/")) {
    size_t colon = entry.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    parsed.decision = std::string(entry.substr(0, colon));
    entry.remove_prefix(colon + 1);
  }
  size_t equals = entry.find('=');
  if (!entry.starts_with("/") || equals == std::string_view::npos || equals + 1 == entry.size()) {
    return std::nullopt;
  }
  parsed.prefix = std::string(entry.substr(0, equals));
  parsed.policy = std::string(entry.substr(equals + 1));
  return parsed;
}

}  // namespace

model::Result<DecisionPointSettings> DecisionPoint::checkSettings(DecisionPointSettings settings) {
  for (const std::string& entry : settings.policies) {
    if (!parseEntry(entry)) {
      return Status::badRequest("authorization.pdpPolicies entry '" + entry +
                                    "' is not '[name:]prefix=acp-id' with an SP-relative "
                                    "(/id-mn/...) or absolute (//sp/id-mn/...) prefix",
                                "config.bad_pdp_policy");
    }
  }
  for (std::string& requester : settings.requesters) {
    if (!requester.starts_with("/")) requester.insert(0, "/");  // "id-mn" as "/id-mn"
  }
  return settings;
}

DecisionPoint::DecisionPoint(DecisionPointSettings settings,
                             resources::ResourceRepository& repository,
                             resources::ResourceResolver& resolver,
                             const resources::CseIdentity& identity, const model::Clock& clock,
                             const security::AuthorizationServices* authorization)
    : requesters_(std::move(settings.requesters)),
      repository_(repository),
      resolver_(resolver),
      identity_(identity),
      clock_(clock),
      authorization_(authorization),
      groups_(resolver, identity),
      evaluator_(identity, &groups_) {
  for (const std::string& text : settings.policies) {
    std::optional<ParsedEntry> entry = parseEntry(text);
    if (!entry) continue;  // checkSettings refused it
    std::string prefix = spRelative(entry->prefix);
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    if (!prefix.empty()) policies_.push_back({entry->decision, prefix, entry->policy});
  }
}

bool DecisionPoint::isDecisionRequest(const Json& changes) {
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    if (isRequestAttribute(it.key())) return true;
  }
  return false;
}

std::string DecisionPoint::spRelative(std::string_view to) const {
  if (to.starts_with("//")) {
    std::string own = "//" + identity_.sp_id + "/";
    if (!to.starts_with(own)) return {};
    return std::string(to.substr(own.size() - 1));
  }
  return std::string(to);
}

std::vector<std::string> DecisionPoint::policiesFor(std::string_view to,
                                                    const resources::Resource& resource) const {
  std::vector<std::string> found;
  std::string target = spRelative(to);
  if (target.empty() || target[0] != '/') return found;
  for (const PolicyEntry& entry : policies_) {
    if (!entry.decision.empty() && entry.decision != resource.rn() &&
        entry.decision != resource.ri()) {
      continue;
    }
    bool below = target.size() > entry.prefix.size() && target.starts_with(entry.prefix) &&
                 target[entry.prefix.size()] == '/';
    if (target == entry.prefix || below) found.push_back(entry.policy);
  }
  return found;
}

model::Result<DecisionOutcome> DecisionPoint::decide(std::string_view requester,
                                                     const Json& changes,
                                                     const resources::Resource& resource) const {
  if (std::find(requesters_.begin(), requesters_.end(), requester) == requesters_.end()) {
    // Only the CSEs the operator lists (authorization.pdpRequesters) are served.
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
  const std::string& to = changes["to"].get_ref<const std::string&>();
  std::vector<std::string> policy_ids = policiesFor(to, resource);
  if (policy_ids.empty()) return withStatus(AuthorizationStatus::kNotApplicable);

  std::vector<resources::Resource> policies;
  for (const std::string& id : policy_ids) {
    auto policy = resolver_.resolveId(id);
    if (!policy.isOk() || policy.value().type() != model::ResourceType::kAccessControlPolicy) {
      if (!policy.isOk() && policy.status().rsc() == model::Rsc::kInternalServerError) {
        return policy.takeStatus();
      }
      LOG_WARN("PDP: configured policy " << model::logSafe(id) << " for " << model::logSafe(to)
                                         << " cannot be read");
      return withStatus(AuthorizationStatus::kProcessingError);
    }
    policies.push_back(std::move(policy).value());
  }
  std::vector<const Json*> rule_sets;
  for (const resources::Resource& policy : policies) {
    rule_sets.push_back(&resources::AcpView(policy).privileges());
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
    access.roles = &roles.valid;
  }
  security::AccessDecision decision = evaluator_.decide(rule_sets, access);
  if (decision.granted) return DecisionOutcome{AuthorizationDecisionValue::kPermit,
                                               AuthorizationStatus::kOk};
  if (roles.some_unknown || hasEntries(changes, "tids") || hasEntries(changes, "tkns")) {
    return withStatus(AuthorizationStatus::kMissingAttribute);
  }
  return DecisionOutcome{AuthorizationDecisionValue::kDeny, AuthorizationStatus::kOk};
}

}  // namespace citadel::engine
