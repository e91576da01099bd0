#include "resources/resource_resolver.h"

#include "resources/types/polling_channel.h"
#include "resources/virtual_resources.h"

namespace citadel::resources {
namespace {

Status notHostedHere(std::string_view to) {
  // TS-0004 §7.3.2.8: a `to` naming another SP or another CSE makes this CSE a transit CSE.
  // Whether a route leads there (§7.3.2.6) is the TargetResolutionStage's question
  // (resources/cse_routes.h); resolution itself only finds local resources.
  return {model::Rsc::kNotFound,
          "target '" + std::string(to) +
              "' is not hosted on this CSE, and no route leads to its SP-ID/CSE-ID",
          "target.not_local"};
}

std::string_view nextSegment(std::string_view& rest) {
  size_t slash = rest.find('/');
  std::string_view segment = rest.substr(0, slash);
  rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  return segment;
}

}  // namespace

Result<ResolvedTarget> ResourceResolver::resolve(std::string_view to) {
  CITADEL_ASSIGN_OR_RETURN(model::Address address, model::parseAddress(to));
  if (address.scope == model::AddressScope::kAbsolute && address.sp_id != identity_.sp_id) {
    return notHostedHere(to);
  }
  if (address.scope != model::AddressScope::kCseRelative && address.cse_id != identity_.cse_id) {
    return notHostedHere(to);
  }
  std::string_view relative = address.relative;
  if (relative.empty()) {
    relative = identity_.cse_name;  // "/id-in" alone addresses the CSEBase
  }
  CITADEL_ASSIGN_OR_RETURN(ResolvedTarget target, resolveRelative(relative));
  target.attribute = std::move(address.attribute);
  return target;
}

Result<ResolvedTarget> ResourceResolver::resolveRelative(std::string_view relative) {
  std::string_view rest = relative;
  std::string_view first = nextSegment(rest);
  std::string current_ri;
  if (first == identity_.cse_name || first == "-") {
    current_ri = identity_.cseBaseRi();  // structured: CSEBase name, then child names
  } else {
    current_ri = std::string(first);  // unstructured ri, optionally followed by child names
  }
  ResolvedTarget target;
  while (!rest.empty()) {
    std::string_view name = nextSegment(rest);
    CITADEL_ASSIGN_OR_RETURN(std::optional<std::string> child,
                             repository_.findChild(current_ri, name));
    if (child) {
      current_ri = std::move(*child);
      continue;
    }
    // TS-0004 §6.8: la / ol are virtual children of a container; no stored child is named so.
    if (rest.empty() && (name == "la" || name == "ol")) {
      CITADEL_ASSIGN_OR_RETURN(target.record, repository_.loadShared(current_ri));
      if (target.resource().type() == ResourceType::kContainer) {
        target.virtual_resource = name == "la" ? VirtualResource::kLatest : VirtualResource::kOldest;
        return target;
      }
    }
    // TS-0004 §7.4.14.1: <group>/fopt[/x/y] is the group's fanOutPoint; what follows it is a
    // path under each member, resolved when the request reaches that member.
    if (name == kFanOutPointName) {
      CITADEL_ASSIGN_OR_RETURN(target.record, repository_.loadShared(current_ri));
      if (target.resource().type() == ResourceType::kGroup) {
        target.virtual_resource = VirtualResource::kFanOutPoint;
        target.fan_out_path = std::string(rest);
        return target;
      }
    }
    if (rest.empty() && name == kPollingChannelUriName) {
      CITADEL_ASSIGN_OR_RETURN(target.record, repository_.loadShared(current_ri));
      if (target.resource().type() == ResourceType::kPollingChannel) {
        target.virtual_resource = VirtualResource::kPollingChannelUri;
        return target;
      }
    }
    size_t parent_end = static_cast<size_t>(name.data() - relative.data());
    std::string_view parent = relative.substr(0, parent_end > 0 ? parent_end - 1 : 0);
    return Status::notFound("no resource named '" + std::string(name) + "' under '" +
                            std::string(parent) + "'");
  }
  Result<std::shared_ptr<const Resource>> loaded = repository_.loadShared(current_ri);
  if (!loaded.isOk()) {
    if (loaded.status().rsc() == model::Rsc::kNotFound) {
      return Status::notFound("target '" + std::string(relative) + "' does not exist");
    }
    return loaded.takeStatus();
  }
  target.record = std::move(loaded).value();
  return target;
}

Result<Resource> ResourceResolver::resolveId(std::string_view id) {
  CITADEL_ASSIGN_OR_RETURN(ResolvedTarget target, resolve(id));
  if (target.virtual_resource != VirtualResource::kNone) {
    return Status::notFound("'" + std::string(id) + "' names a virtual resource");
  }
  return Resource(target.resource());
}

}  // namespace citadel::resources
