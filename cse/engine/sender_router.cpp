#include "cse/engine/sender_router.h"

#include "cse/model/blocking_region.h"

namespace citadel::engine {

model::Response SenderRouter::send(const std::string& target_uri, const model::Request& request) {
  size_t colon = target_uri.find("://");
  std::string scheme = colon == std::string::npos ? "" : target_uri.substr(0, colon);
  auto it = senders_.find(scheme);
  if (it == senders_.end()) {
    model::Response response = model::Response::fromStatus(
        model::Status(model::Rsc::kTargetNotReachable,
                      "no binding serves the scheme of '" + target_uri + "'",
                      "sender.unknown_scheme"),
        request.request_id);
    return response;
  }
  // The exchange waits for a remote peer: an event-loop thread hands its other connections to
  // another thread meanwhile (issue 15 #11).
  model::BlockingRegion waiting;
  return it->second->send(target_uri, request);
}

}  // namespace citadel::engine
