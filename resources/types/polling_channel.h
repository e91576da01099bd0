#pragma once
// <pollingChannel> (ty 15, m2m:pch), TS-0001 §9.6.21 / TS-0004 §7.4.21, and its virtual child
// <pollingChannelURI> ("pcu", §7.4.22): a request-unreachable AE (or CSE) creates one under its
// own <AE> (<remoteCSE>) and long-polls pcu for the requests addressed to it; the queue and the
// long polls are the engine's (cse/engine/polling/polling_channels.h).
//
// Access is by identity, not by ACP (TS-0004 §7.4.21.2, §7.4.22.2.2): only the AE/CSE its
// parent represents creates it, and only its creator reads, updates, deletes and polls it
// (security/access_decider.cpp). One per parent (TS-0001 Table 9.6.5-1: 0..1): the parent keeps
// its resource ID in an internal field, set and cleared by the parent's hooks below under the
// parent's lock, which also finds it for delivery (NotificationTargets).

#include <string>

#include "resources/type_handler.h"

namespace citadel::resources {

class PollingChannelType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kPollingChannel; }
};

// The internal field of an <AE>/<remoteCSE> naming its <pollingChannel> (never on the wire).
inline constexpr std::string_view kPollingChannelField = "_pch";
// The resourceName of the virtual <pollingChannelURI> child.
inline constexpr std::string_view kPollingChannelUriName = "pcu";

// The resource ID of `holder`'s <pollingChannel>, "" when it has none.
std::string pollingChannelOf(const Resource& holder);
// For the parent's childWillBeAdded: records a new <pollingChannel> child (4105 when the parent
// has one already, TS-0001 Table 9.6.5-1 multiplicity 0..1). No-op for other child types.
model::Status recordPollingChannel(CreateContext& context);
// For the parent's childWillBeRemoved: forgets a <pollingChannel> child. No-op for others.
void forgetPollingChannel(Resource& parent, const Resource& child);
// The AE-ID (aei) of an <AE> or the CSE-ID (csi) of a <remoteCSE>: who owns the channel under
// it. "" for other types.
std::string channelOwnerOf(const Resource& holder);

}  // namespace citadel::resources
