#include "cse/engine/notification/notification_targets.h"

#include "cse/codec/release1_filter.h"
#include "cse/engine/forwarding/request_forwarder.h"
#include "cse/engine/polling/polling_channel_sender.h"
#include "cse/model/address.h"
#include "cse/model/log.h"
#include "resources/types/polling_channel.h"

namespace citadel::engine {

using model::Json;

namespace {

// TS-0010 §6.6: an AE's MQTT poa names only the broker ("mqtt://host:port"); the request topic
// is the AE's own, so the AE-ID becomes the path the MQTT sender turns into that topic.
std::string withEntityPath(const std::string& poa, const std::string& entity_id) {
  bool mqtt = poa.starts_with("mqtt://") || poa.starts_with("mqtts://");
  size_t authority = poa.find("://") + 3;
  if (!mqtt || poa.find('/', authority) != std::string::npos) {
    return poa;
  }
  return poa + "/" + entity_id;
}

// TS-0004 §7.5.1.1: a NOTIFY to an AE uses one of the serializations of its contentSerialization
// (csz), in the AE's order of preference. The senders read a "ct=" hint (json, cbor); this CSE
// has no XML codec, so an AE that lists only XML gets JSON (logged), as if it listed nothing.
std::string withSerialization(const std::string& url, const resources::Resource& ae) {
  if (url.find("ct=") != std::string::npos) {
    return url;  // the AE's own poa says how
  }
  for (const auto& csz : ae.attributes.value("csz", Json::array())) {
    std::string format = csz.is_string() ? csz.get<std::string>() : "";
    std::string hint = format == "application/cbor" || format == "cbor"   ? "cbor"
                       : format == "application/json" || format == "json" ? "json"
                                                                          : "";
    if (!hint.empty()) {
      return url + (url.find('?') == std::string::npos ? "?" : "&") + "ct=" + hint;
    }
  }
  if (ae.attributes.contains("csz")) {
    LOG_INFO("AE " << ae.ri() << " lists no serialization this CSE writes; notified in JSON");
  }
  return url;
}

}  // namespace

bool isNotificationUrl(const std::string& s) { return s.find("://") != std::string::npos; }

bool isRelease1Entity(const resources::Resource& ae) {
  return ae.attributes.value("srv", Json::array()) == Json::array({"1"});
}

void ResolvedTarget::adapt(model::Request& request) const {
  if (!to.empty()) request.to = to;
  if (!release1) return;
  request.release_version_indicator.clear();
  codec::restrictToRelease1(request.content);
}

std::vector<ResolvedTarget> NotificationTargets::resolve(const std::string& uri_or_id) const {
  if (isNotificationUrl(uri_or_id)) {
    return {{uri_or_id}};  // a ct= serialization hint stays: the binding's sender reads it
  }
  std::vector<ResolvedTarget> all = pointsOfAccess(uri_or_id);
  if (all.size() > 1) all.resize(1);  // the first point of access
  return all;
}

std::vector<ResolvedTarget> NotificationTargets::pointsOfAccess(
    const std::string& id) const {
  // A oneM2M ID: the entity's pointOfAccess (TS-0004 §7.3.3.9: NOTIFY to an <AE> goes to its
  // poa).
  auto entity = resolver_.resolveId(id);
  if (!entity.isOk() && entity.status().reason() == "target.not_local" && routes_ != nullptr) {
    return throughRoute(id);
  }
  if (!entity.isOk() || entity.value().type() != model::ResourceType::kAE) {
    LOG_INFO("notification target " << model::logSafe(id) << " is not a local AE; skipped");
    return {};
  }
  const resources::Resource& ae = entity.value();
  std::string channel = resources::pollingChannelOf(ae);
  if (!ae.attributes.value("rr", false) && !channel.empty()) {
    // TS-0001 §10.2.5.17: a request-unreachable AE with a <pollingChannel> collects it there;
    // the request's `to` is the AE-ID, which the channel's sender checks.
    return {{pollingChannelUrl(channel), isRelease1Entity(ae),
             ae.attributes.value("aei", ae.ri())}};
  }
  if (!ae.attributes.value("rr", false)) {
    LOG_INFO("notification target " << model::logSafe(id)
                                    << " is not request-reachable (rr=false)");
    return {};
  }
  // In the AE's order; the sender picks the binding from each one's scheme.
  std::vector<ResolvedTarget> all;
  for (const auto& poa : ae.attributes.value("poa", Json::array())) {
    if (poa.is_string() && isNotificationUrl(poa.get<std::string>())) {
      std::string url = withEntityPath(poa.get<std::string>(), ae.attributes.value("aei", ae.ri()));
      // MQTT picks the serialization from the topic, which names the AE (json).
      all.push_back(
          {url.starts_with("mqtt") ? url : withSerialization(url, ae), isRelease1Entity(ae)});
    }
  }
  return all;
}

std::vector<ResolvedTarget> NotificationTargets::throughRoute(const std::string& id) const {
  auto address = model::parseAddress(id);
  if (!address.isOk() || (address.value().scope == model::AddressScope::kAbsolute &&
                          address.value().sp_id != resolver_.spId())) {
    LOG_INFO("notification target " << model::logSafe(id) << " is on another SP; skipped");
    return {};
  }
  auto route = routes_->routeTo(address.value().cse_id, "");
  if (!route.isOk() || !route.value()) {
    LOG_INFO("notification target " << model::logSafe(id) << ": no route to its CSE; skipped");
    return {};
  }
  std::vector<ResolvedTarget> all;
  for (std::string& url : RequestForwarder::targetUris(*route.value(), id)) {
    all.push_back({std::move(url), route.value()->release1, id});
  }
  return all;
}

std::vector<std::string> NotificationTargets::entries(const resources::Resource& subscription) {
  std::vector<std::string> entries;
  for (const auto& nu : subscription.attributes.value("nu", Json::array())) {
    if (nu.is_string()) {
      entries.push_back(nu.get<std::string>());
    }
  }
  return entries;
}

}  // namespace citadel::engine
