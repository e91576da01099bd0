#include "security/group_membership.h"

#include "resources/views/ae_view.h"
#include "resources/views/group_view.h"
#include "security/originator_id.h"

namespace citadel::security {

std::optional<bool> ResolverGroupMembership::isMember(std::string_view acor_entry,
                                                      std::string_view originator_absolute) const {
  auto group = resolver_.resolveId(acor_entry);
  if (!group.isOk() || group.value().type() != model::ResourceType::kGroup) {
    // TS-0001 §9.6.2.1: a group that cannot be retrieved or does not exist grants nothing.
    return std::nullopt;
  }
  std::vector<std::string> members = resources::GroupView(group.value()).memberIds();
  // First the members written as AE-IDs / CSE-IDs: no lookups.
  for (const auto& member : members) {
    if (absoluteId(member, identity_) == originator_absolute) {
      return true;
    }
  }
  // Then members written as structured paths ("cse-in/lamp"): the <AE> they address.
  for (const std::string& id : members) {
    // AE-IDs and CSE-IDs in SP-relative or absolute form were compared above; only paths
    // through the CSEBase name or a resource ID need a lookup.
    bool structured = id.find('/') != std::string::npos &&
                      (!id.starts_with("/") ||
                       id.find("/" + identity_.cse_name + "/") != std::string::npos);
    if (!structured || id.ends_with("/fopt")) continue;
    auto resource = resolver_.resolveId(id);
    if (resource.isOk() && resource.value().type() == model::ResourceType::kAE &&
        absoluteId(resources::AeView(resource.value()).aeId(), identity_) ==
            originator_absolute) {
      return true;
    }
  }
  return false;
}

}  // namespace citadel::security
