#pragma once
// The PrimitiveSender for "pch://<pollingChannel ri>" targets: what the CSE sends to a
// request-unreachable AE (or CSE) that created a <pollingChannel> — a notification, a NOTIFY
// re-targeted to the <AE> — waits there for the entity's long poll, and its answer comes back
// here (PollingChannels). NotificationTargets yields such targets for an <AE> with rr = false
// and a <pollingChannel>.
//
// Such a URL is never taken on trust: a subscriber could write one into nu, an AE into its
// poa. A request is delivered only when its `to` is addressed to the channel's owner (see
// addressedToOwner), which only NotificationTargets and the RequestForwarder set so; anything
// else is refused 5103 without touching the channel, so that no one can put requests into
// another entity's channel.

#include <chrono>

#include "cse/engine/polling/polling_channels.h"
#include "cse/model/ports.h"
#include "resources/resource_repository.h"

namespace citadel::engine {

// The URL scheme of polling-channel targets, and the URL of channel `ri`.
inline constexpr std::string_view kPollingChannelScheme = "pch";
std::string pollingChannelUrl(const std::string& channel_ri);

// Whether a request with `to` may enter the channel under `holder`: for an <AE>'s channel, `to`
// is its AE-ID; for a <remoteCSE>'s (a request-unreachable CSE), `to` is SP-relative or absolute
// on that CSE or on a CSE its dcse lists (what the forwarder routes to it).
bool addressedToOwner(const resources::Resource& holder, const std::string& to);

class PollingChannelSender final : public model::PrimitiveSender {
 public:
  // How long a request with an rqet waits in a channel at most (its sender's thread waits too).
  static constexpr std::chrono::milliseconds kLongestStoredWait{60000};

  // `wait`: how long a request without rqet waits for the entity's answer; one with an rqet
  // waits until then (at most kLongestStoredWait).
  PollingChannelSender(PollingChannels& channels, resources::ResourceRepository& repository,
                       std::chrono::milliseconds wait)
      : channels_(channels), repository_(repository), wait_(wait) {}

  // Blocks until the entity answers or the wait ends (4008). Thread-safe.
  model::Response send(const std::string& target_uri, const model::Request& request) override;

 private:
  PollingChannels& channels_;
  resources::ResourceRepository& repository_;
  const std::chrono::milliseconds wait_;
};

}  // namespace citadel::engine
