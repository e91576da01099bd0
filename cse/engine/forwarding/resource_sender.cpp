#include "cse/engine/forwarding/resource_sender.h"

#include "cse/engine/forwarding/request_forwarder.h"

namespace citadel::engine {
namespace {

model::Response notReachable(const model::Request& request, std::string dbg) {
  return model::Response::fromStatus(model::Status::notFound(std::move(dbg), "send.no_route"),
                                     request.request_id);
}

}  // namespace

model::Response ResourceSender::send(const std::string& resource_id,
                                     const model::Request& request) {
  std::string_view id = resource_id;
  if (id.starts_with("//")) {
    std::string own = "//" + identity_.sp_id + "/";
    if (!id.starts_with(own)) {
      return notReachable(request, "'" + resource_id + "' is in another M2M Service Provider");
    }
    id.remove_prefix(own.size() - 1);
  }
  size_t end = id.find('/', 1);
  if (!id.starts_with("/") || id.size() < 2 || end == std::string_view::npos) {
    return notReachable(request, "'" + resource_id + "' is not a resource ID on another CSE "
                                 "(/cse-id/... or //sp-id/cse-id/...)");
  }
  std::string cse_id(id.substr(0, end));
  if (cse_id == identity_.cse_id) {
    return notReachable(request, "'" + resource_id + "' is on this CSE");
  }
  auto route = routes_.routeTo(cse_id, "");
  if (!route.isOk()) return model::Response::fromStatus(route.status(), request.request_id);
  if (!route.value()) {
    return notReachable(request, "no route to " + cse_id + " for '" + resource_id + "'");
  }
  model::Request outgoing = request;
  outgoing.to = std::string(id);
  model::Response last = model::Response::fromStatus(
      {model::Rsc::kTargetNotReachable, cse_id + " has no point of access", "send.no_poa"},
      request.request_id);
  for (const std::string& uri : RequestForwarder::targetUris(*route.value(), outgoing.to)) {
    last = sender_.send(uri, outgoing);
    if (last.status_code != model::Rsc::kTargetNotReachable &&
        last.status_code != model::Rsc::kRequestTimeout) {
      return last;
    }
  }
  return last;
}

}  // namespace citadel::engine
