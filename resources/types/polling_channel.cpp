#include "resources/types/polling_channel.h"

namespace citadel::resources {

std::string pollingChannelOf(const Resource& holder) {
  return holder.attributes.value(std::string(kPollingChannelField), "");
}

model::Status recordPollingChannel(CreateContext& context) {
  if (context.child.type() != ResourceType::kPollingChannel) return {};
  if (!pollingChannelOf(context.parent).empty()) {
    return model::Status::conflict(
        "'" + context.parent.path() + "' has a <pollingChannel> already (at most one, TS-0001 "
        "Table 9.6.5-1); use it, or delete it first",
        "pch.exists");
  }
  context.parent.attributes[std::string(kPollingChannelField)] = context.child.ri();
  context.parent_modified = true;
  return {};
}

void forgetPollingChannel(Resource& parent, const Resource& child) {
  if (child.type() == ResourceType::kPollingChannel && pollingChannelOf(parent) == child.ri()) {
    parent.attributes.erase(std::string(kPollingChannelField));
  }
}

std::string channelOwnerOf(const Resource& holder) {
  switch (holder.type()) {
    case ResourceType::kAE: return holder.attributes.value("aei", holder.ri());
    case ResourceType::kRemoteCSE: return holder.attributes.value("csi", "");
    default: return "";
  }
}

}  // namespace citadel::resources
