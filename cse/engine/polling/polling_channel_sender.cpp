#include "cse/engine/polling/polling_channel_sender.h"

#include <future>
#include <memory>

#include "cse/model/address.h"
#include "cse/model/log.h"
#include "resources/cse_routes.h"
#include "resources/types/polling_channel.h"

namespace citadel::engine {

using model::Response;
using model::Status;

std::string pollingChannelUrl(const std::string& channel_ri) {
  return std::string(kPollingChannelScheme) + "://" + channel_ri;
}

bool addressedToOwner(const resources::Resource& holder, const std::string& to) {
  std::string owner = resources::channelOwnerOf(holder);
  if (owner.empty() || to.empty()) return false;
  if (holder.type() != model::ResourceType::kRemoteCSE) return to == owner;
  // A CSE's channel carries what is routed to it: requests for its resources and for the CSEs
  // registered below it (its dcse), which only the forwarder and the notifier address so.
  auto address = model::parseAddress(to);
  if (!address.isOk() || address.value().scope == model::AddressScope::kCseRelative) return false;
  const std::string& cse_id = address.value().cse_id;
  return cse_id == owner || resources::listsDescendant(holder, cse_id);
}

Response PollingChannelSender::send(const std::string& target_uri,
                                    const model::Request& request) {
  std::string prefix = pollingChannelUrl("");
  std::string channel = target_uri.starts_with(prefix) ? target_uri.substr(prefix.size()) : "";
  auto refuse = [&](const std::string& why) {
    LOG_INFO("polling channel target " << model::logSafe(target_uri) << " refused: " << why);
    return Response::fromStatus(
        Status(model::Rsc::kTargetNotReachable, "polling channel: " + why, "pch.refused"),
        request.request_id);
  };
  auto record = repository_.load(channel);
  if (channel.empty() || !record.isOk() ||
      record.value().type() != model::ResourceType::kPollingChannel) {
    return refuse("no such <pollingChannel>");
  }
  auto holder = repository_.load(record.value().pi());
  if (!holder.isOk() || !addressedToOwner(holder.value(), request.to)) {
    return refuse("the request is not addressed to the channel's owner");
  }
  // TS-0001 §10.2.5.17: a stored request waits until its rqet ("When the stored request
  // expires according to its Request Expiration Timestamp"), at most kLongestStoredWait; one
  // without (the CSE's own notifications) as long as any peer is waited for.
  std::chrono::milliseconds longest =
      request.request_expiration_timestamp.empty() ? wait_ : kLongestStoredWait;
  auto deadline = waitDeadline(request, longest, std::chrono::system_clock::now());
  auto answer = std::make_shared<std::promise<Response>>();
  std::future<Response> arrived = answer->get_future();
  channels_.deliver(channel, request, deadline,
                    [answer](Response response) { answer->set_value(std::move(response)); });
  return arrived.get();
}

}  // namespace citadel::engine
