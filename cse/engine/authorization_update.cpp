// UPDATE of an <authorizationDecision> with the PDP procedure bound (TS-0004 §7.4.43.2.3): the
// request attributes are evaluated, never stored — the answer carries decision and status, and
// the stored resource keeps none of its resource-specific attributes (steps 2 and 7: "delete
// all the resource specific attributes after the response has been sent in order to avoid an
// information leak"). Observably the same: a RETRIEVE, a subscriber or a concurrent reader never
// sees a request's to/fr/op or its decision; only lastModifiedTime advances.
#include "cse/engine/authorization/decision_point.h"
#include "cse/engine/dispatcher.h"
#include "cse/model/log.h"

namespace citadel::engine {

using model::Json;
using model::Response;
using model::ResultContent;
using model::Result;
using resources::Resource;

namespace {

// Every resource-specific attribute of TS-0004 Table 7.4.43.1-3.
constexpr const char* kSpecificAttributes[] = {"dec", "sus", "to",  "fr",  "op",  "rrt", "fu",
                                               "rids", "tids", "tkns", "rtm", "olo", "oip"};

}  // namespace

Result<Response> Dispatcher::decideAccess(const security::AuthorizedRequest& authorized,
                                          const Json& changes, ResultContent rcn) {
  const model::Request& request = authorized.request();
  // Evaluated before the lock: it reads policies and roles, never this resource.
  CITADEL_ASSIGN_OR_RETURN(DecisionOutcome outcome,
                           decision_point_->decide(authorized.originator(), changes,
                                                   authorized.target().resource()));
  std::string ri = authorized.target().resource().ri();
  std::unique_lock lock(locks_.forId(ri));
  CITADEL_ASSIGN_OR_RETURN(Resource resource, repository_.load(ri));
  const Resource before = resource;
  Json& a = resource.attributes;
  for (const char* name : kSpecificAttributes) a.erase(name);
  a["lt"] = model::formatPreciseTimestamp(clock_.now());
  storage::WriteBatch batch;
  resources::ResourceRepository::stagePut(batch, resource);
  resources::ResourceRepository::stageIndexChanges(batch, before, resource);
  CITADEL_RETURN_IF_ERROR(repository_.commit(batch));
  lock.unlock();
  // Subscribers learn that it was used, not what was asked or answered.
  static const Json kNoChanges = Json::object();
  notifyListener([&](ResourceEventListener& l) { l.updated(resource, kNoChanges); });
  LOG_INFO("PDP " << ri << ": " << model::logSafe(changes["fr"].get<std::string>()) << " op "
                  << changes["op"].get<int64_t>() << " on "
                  << model::logSafe(changes["to"].get<std::string>()) << " -> status "
                  << static_cast<int>(outcome.status) << " decision "
                  << (outcome.decision ? static_cast<int>(*outcome.decision) : 0));

  Response response;
  response.status_code = model::Rsc::kUpdated;
  response.request_id = request.request_id;
  Json result = Json::object();
  result["sus"] = static_cast<int>(outcome.status);
  if (outcome.decision) result["dec"] = static_cast<int>(*outcome.decision);
  if (rcn == ResultContent::kAttributes) {
    response.content = content_.resource(resource);
    response.content.begin()->update(result);
  } else if (rcn == ResultContent::kModifiedAttributes) {
    result["lt"] = a["lt"];
    response.content = Json{{"m2m:auds", std::move(result)}};
  }
  return response;
}

}  // namespace citadel::engine
