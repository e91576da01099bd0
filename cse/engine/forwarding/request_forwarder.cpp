#include "cse/engine/forwarding/request_forwarder.h"

#include "cse/engine/polling/polling_channel_sender.h"
#include "cse/model/log.h"
#include "cse/random/random_id.h"

namespace citadel::engine {
namespace {

std::string schemeOf(const std::string& uri) {
  size_t colon = uri.find("://");
  return colon == std::string::npos ? "" : uri.substr(0, colon);
}

std::string withoutTrailingSlash(std::string uri) {
  while (uri.size() > 1 && uri.back() == '/') uri.pop_back();
  return uri;
}

// A relative m2m:absRelTimestamp (a number of ms) becomes absolute at `now`; absolute and
// empty values are kept.
std::string absolute(const std::string& value, model::TimePoint now) {
  if (value.empty() || value.find('T') != std::string::npos) return value;
  auto at = model::parseAbsRelTimestamp(value, now);
  return at ? model::formatTimestamp(*at) : value;
}

}  // namespace

std::string RequestForwarder::targetUri(const std::string& point_of_access, const std::string& to,
                                        const std::string& next_cse_id) {
  std::string scheme = schemeOf(point_of_access);
  std::string base = withoutTrailingSlash(point_of_access);
  if (scheme == "http" || scheme == "https" || scheme == "coap" || scheme == "coaps") {
    // TS-0009 §6.2 / TS-0008 §6.2: SP-relative "/id-in/x" as "/~/id-in/x", absolute
    // "//sp/id-in/x" as "/_/sp/id-in/x".
    if (to.starts_with("//")) return base + "/_/" + to.substr(2);
    if (to.starts_with("/")) return base + "/~" + to;
    return "";
  }
  if (scheme == "mqtt" || scheme == "mqtts") {
    // TS-0010 §6.4: the request topic names the receiving CSE; `to` travels in the primitive.
    size_t host = point_of_access.find("://") + 3;
    size_t path = point_of_access.find('/', host);
    std::string authority = point_of_access.substr(0, path);
    return authority + "/" + next_cse_id.substr(next_cse_id.starts_with("/") ? 1 : 0);
  }
  return "";
}

std::vector<std::string> RequestForwarder::targetUris(const resources::CseRoute& route,
                                                      const std::string& to) {
  std::vector<std::string> uris;
  if (!route.polling_channel.empty()) uris.push_back(pollingChannelUrl(route.polling_channel));
  for (const auto& poa : route.points_of_access) {
    std::string uri = targetUri(poa, to, route.next_cse_id);
    if (!uri.empty()) uris.push_back(std::move(uri));
  }
  return uris;
}

model::Request RequestForwarder::outgoing(const model::Request& request,
                                          const std::string& originator,
                                          const resources::CseRoute& route) const {
  model::Request out = request;
  out.transport = model::TransportInfo{};
  // §7.3.2.6: "When the receiver CSE forwards the primitive and the From parameter value has
  // CSE-relative-ID format, the receiver shall convert [it] into SP-relative by pre-pending its
  // own CSE-ID."
  out.originator = originator.starts_with("/") ? originator : identity_.cse_id + "/" + originator;
  out.request_id = random::unguessableId("fwd-");
  model::TimePoint now = clock_.now();
  out.request_expiration_timestamp = absolute(request.request_expiration_timestamp, now);
  out.result_expiration_timestamp = absolute(request.result_expiration_timestamp, now);
  out.operation_execution_time = absolute(request.operation_execution_time, now);
  if (route.release1) {
    // §7.3.2.6: "remove the Release Version Indicator and Vendor Information ... before
    // retargeting a primitive to a Release 1 entity".
    out.release_version_indicator.clear();
    out.vendor_information.clear();
  }
  return out;
}

bool RequestForwarder::enter(const std::string& request_id) const {
  std::lock_guard lock(mutex_);
  if (in_flight_.size() >= max_in_flight_) return false;
  in_flight_.insert(request_id);
  return true;
}

void RequestForwarder::leave(const std::string& request_id) const {
  std::lock_guard lock(mutex_);
  in_flight_.erase(request_id);
}

bool RequestForwarder::inFlight(const std::string& request_id) const {
  std::lock_guard lock(mutex_);
  return in_flight_.contains(request_id);
}

model::Response RequestForwarder::forward(const model::Request& request,
                                          const std::string& originator,
                                          const resources::CseRoute& route) const {
  auto refused = [&](std::string dbg, std::string_view reason) {
    return model::Response::fromStatus(
        model::Status(model::Rsc::kTargetNotReachable, std::move(dbg), reason),
        request.request_id);
  };
  if (inFlight(request.request_id)) {
    return refused("this request is one this CSE forwarded, come back: the route to " +
                       route.target_cse_id + " loops (a <remoteCSE> poa leads back here)",
                   "forward.loop");
  }
  model::Request out = outgoing(request, originator, route);
  if (!enter(out.request_id)) {
    return refused("too many forwarded requests are waiting for their answers; try again",
                   "forward.busy");
  }
  struct Leave {
    const RequestForwarder& forwarder;
    const std::string& request_id;
    ~Leave() { forwarder.leave(request_id); }
  } leave{*this, out.request_id};
  model::Response last = model::Response::fromStatus(
      model::Status(model::Rsc::kTargetNotReachable,
                    "CSE " + route.next_cse_id + " (on the route to " + route.target_cse_id +
                        ") has no point of access this CSE can send to",
                    "forward.no_point_of_access"),
      request.request_id);
  for (const std::string& uri : targetUris(route, out.to)) {
    model::Response answer = sender_.send(uri, out);
    if (answer.status_code != model::Rsc::kTargetNotReachable &&
        answer.status_code != model::Rsc::kRequestTimeout) {
      answer.request_id = request.request_id;
      return answer;
    }
    LOG_INFO("forward to " << route.next_cse_id << " at " << model::logSafe(uri)
                           << " failed: " << static_cast<int>(answer.status_code));
    last = std::move(answer);
  }
  last.request_id = request.request_id;
  if (last.status_code == model::Rsc::kRequestTimeout) return last;
  last.status_code = model::Rsc::kTargetNotReachable;
  return last;
}

}  // namespace citadel::engine
