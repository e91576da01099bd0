// UPDATE of an <authorizationDecision>, <authorizationPolicy> or <authorizationInformation> with
// the PDP, PRP or PIP procedure bound (TS-0004 §7.4.43.2.3, §7.4.44.2.3, §7.4.45.2.3): the
// request attributes are evaluated, never stored — the answer carries the results (decision and
// status; policies, combiningAlgorithm and status; roles, tokens and status), and the stored
// resource keeps none of its resource-specific attributes (steps 2 and
// the last: "delete all the resource specific attributes after the response has been sent in
// order to avoid an information leak"). Observably the same: a RETRIEVE, a subscriber or a
// concurrent reader never sees a request's attributes or its answer; only lastModifiedTime
// advances.
#include <span>

#include "cse/engine/authorization/decision_point.h"
#include "cse/engine/authorization/information_point.h"
#include "cse/engine/authorization/policy_retrieval_point.h"
#include "cse/engine/dispatcher.h"
#include "cse/model/log.h"

namespace citadel::engine {

using model::Json;
using model::Response;
using model::ResultContent;
using model::Result;
using resources::Resource;

namespace {

// Every resource-specific attribute of TS-0004 Tables 7.4.43.1-3 and 7.4.44.1-3.
constexpr const char* kDecisionAttributes[] = {"dec", "sus", "to",  "fr",  "op",  "rrt", "fu",
                                               "rids", "tids", "tkns", "rtm", "olo", "oip"};
constexpr const char* kPolicyAttributes[] = {"ps", "ca", "sus", "to"};
constexpr const char* kInformationAttributes[] = {"sus", "fr", "rids", "tids"};

}  // namespace

bool Dispatcher::isAuthorizationRequest(model::ResourceType type, const Json& changes) const {
  if (type == model::ResourceType::kAuthorizationDecision) {
    return decision_point_ != nullptr && DecisionPoint::isDecisionRequest(changes);
  }
  if (type == model::ResourceType::kAuthorizationPolicy) {
    return policy_point_ != nullptr && PolicyRetrievalPoint::isPolicyRequest(changes);
  }
  if (type == model::ResourceType::kAuthorizationInformation) {
    return information_point_ != nullptr && InformationPoint::isInformationRequest(changes);
  }
  return false;
}

Result<Response> Dispatcher::answerAuthorizationRequest(
    const security::AuthorizedRequest& authorized, const Json& changes, ResultContent rcn) {
  const model::Request& request = authorized.request();
  const Resource& target = authorized.target().resource();
  // Evaluated before the lock: it reads policies and roles, never this resource.
  Json result = Json::object();
  std::span<const char* const> specific;
  std::string root(types_.get(target.type()).rootName());
  if (target.type() == model::ResourceType::kAuthorizationDecision) {
    CITADEL_ASSIGN_OR_RETURN(DecisionOutcome outcome,
                             decision_point_->decide(authorized.originator(), changes, target));
    result["sus"] = static_cast<int>(outcome.status);
    if (outcome.decision) result["dec"] = static_cast<int>(*outcome.decision);
    specific = kDecisionAttributes;
  } else if (target.type() == model::ResourceType::kAuthorizationInformation) {
    CITADEL_ASSIGN_OR_RETURN(InformationOutcome outcome,
                             information_point_->retrieve(authorized.originator(), changes));
    result["sus"] = static_cast<int>(outcome.status);
    // Nested as rcn 4 nests children (information_point.h): never stored here.
    for (const Resource& role : outcome.roles) {
      result["m2m:rol"].push_back(*content_.resource(role).begin());
    }
    for (const Resource& token : outcome.tokens) {
      result["m2m:tk"].push_back(*content_.resource(token).begin());
    }
    specific = kInformationAttributes;
  } else {
    CITADEL_ASSIGN_OR_RETURN(PolicyOutcome outcome,
                             policy_point_->retrieve(authorized.originator(), changes, target));
    result["sus"] = static_cast<int>(outcome.status);
    if (outcome.status == resources::AuthorizationStatus::kOk) {
      result["ps"] = std::move(outcome.policies);
      result["ca"] = 1;  // PERMIT_OVERRIDES
    }
    specific = kPolicyAttributes;
  }
  LOG_INFO("authorization request at " << target.ri() << " from "
                                       << model::logSafe(authorized.originator()) << ": status "
                                       << result["sus"].get<int>());
  std::string ri = target.ri();
  std::unique_lock lock(locks_.forId(ri));
  CITADEL_ASSIGN_OR_RETURN(Resource resource, repository_.load(ri));
  const Resource before = resource;
  Json& a = resource.attributes;
  for (const char* name : specific) a.erase(name);
  a["lt"] = model::formatPreciseTimestamp(clock_.now());
  storage::WriteBatch batch;
  resources::ResourceRepository::stagePut(batch, resource);
  resources::ResourceRepository::stageIndexChanges(batch, before, resource);
  CITADEL_RETURN_IF_ERROR(repository_.commit(batch));
  lock.unlock();
  // Subscribers learn that it was used, not what was asked or answered.
  static const Json kNoChanges = Json::object();
  notifyListener([&](ResourceEventListener& l) { l.updated(resource, kNoChanges); });

  Response response;
  response.status_code = model::Rsc::kUpdated;
  response.request_id = request.request_id;
  if (rcn == ResultContent::kAttributes) {
    response.content = content_.resource(resource);
    response.content.begin()->update(result);
  } else if (rcn == ResultContent::kModifiedAttributes) {
    result["lt"] = a["lt"];
    response.content = Json{{root, std::move(result)}};
  }
  return response;
}

}  // namespace citadel::engine
