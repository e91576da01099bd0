#include "cse/engine/notification/notification_composer.h"

#include "cse/random/random_id.h"

namespace citadel::engine {

using model::Json;
using resources::Resource;

std::string NotificationComposer::subscriptionReference(const std::string& ri) const {
  return identity_.cse_id + "/" + ri;  // SP-relative resource ID of the <subscription>
}

Json NotificationComposer::event(const Resource& subscription, int event_type,
                                 const Resource& subject, const Json* changes) const {
  int nct = static_cast<int>(subscription.intAttribute("nct", 1));
  Json representation;
  const resources::TypeHandler* handler = types_.find(static_cast<uint16_t>(subject.type()));
  std::string root(handler != nullptr ? handler->rootName() : "m2m:unknown");
  if (nct == 3) {
    representation = {{"m2m:uri", subject.ri()}};
  } else if (nct == 2 && changes != nullptr) {
    Json modified = Json::object();
    for (auto change = changes->begin(); change != changes->end(); ++change) {
      auto now = subject.attributes.find(change.key());
      modified[change.key()] = now == subject.attributes.end() ? Json() : *now;
    }
    representation = {{root, modified}};
  } else {
    representation = {{root, resources::publicAttributes(subject)}};
  }
  return withCreator(subscription, {{"nev", {{"rep", representation}, {"net", event_type}}},
                                     {"sur", subscriptionReference(subscription.ri())}});
}

Json NotificationComposer::operationEvent(const Resource& subscription, model::Operation operation,
                                          const std::string& originator) const {
  Json om = {{"op", static_cast<int>(operation)}, {"or", originator}};
  return withCreator(subscription,
                     {{"nev", {{"om", om}}}, {"sur", subscriptionReference(subscription.ri())}});
}

Json NotificationComposer::withCreator(const Resource& subscription, Json body) {
  // TS-0001 §10.2.10.7: "the <subscription> Hosting CSE shall include in the notification the
  // creator if the <subscription> resource has creator attribute".
  if (auto cr = subscription.attributes.find("cr"); cr != subscription.attributes.end()) {
    body["cr"] = *cr;
  }
  return body;
}

Json NotificationComposer::verificationRequest(const std::string& subscription_ri,
                                               const std::string& creator) const {
  return {{"m2m:sgn",
           {{"vrq", true}, {"sur", subscriptionReference(subscription_ri)}, {"cr", creator}}}};
}

Json NotificationComposer::deletionNotice(const std::string& subscription_ri,
                                          const std::string& creator) const {
  Json sgn = {{"sud", true}, {"sur", subscriptionReference(subscription_ri)}};
  if (!creator.empty()) {
    sgn["cr"] = creator;
  }
  return {{"m2m:sgn", std::move(sgn)}};
}

Json NotificationComposer::single(Json body) { return {{"m2m:sgn", std::move(body)}}; }

Json NotificationComposer::aggregate(std::vector<Json> bodies) {
  return {{"m2m:agn", {{"m2m:sgn", std::move(bodies)}}}};
}

model::Request NotificationComposer::notifyRequest(Json content,
                                                   const std::string& event_category) {
  model::Request request;
  request.operation = model::Operation::kNotify;
  request.originator = identity_.cse_id;
  request.request_id = random::unguessableId("ntf-");
  request.release_version_indicator = "3";
  request.event_category = event_category;
  request.content = std::move(content);
  return request;
}

}  // namespace citadel::engine
