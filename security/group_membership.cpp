#include "security/group_membership.h"

#include "security/originator_id.h"

namespace citadel::security {

std::optional<bool> ResolverGroupMembership::isMember(std::string_view acor_entry,
                                                      std::string_view originator_absolute) const {
  auto group = resolver_.resolveId(acor_entry);
  if (!group.isOk() || group.value().type() != model::ResourceType::kGroup) {
    // TS-0001 §9.6.2.1: a group that cannot be retrieved or does not exist grants nothing.
    return std::nullopt;
  }
  auto mid = group.value().attributes.find("mid");
  if (mid == group.value().attributes.end() || !mid->is_array()) {
    return false;
  }
  // First the members written as AE-IDs / CSE-IDs: no lookups.
  for (const auto& member : *mid) {
    if (member.is_string() &&
        absoluteId(member.get_ref<const std::string&>(), identity_) == originator_absolute) {
      return true;
    }
  }
  // Then members written as structured paths ("cse-in/lamp"): the <AE> they address.
  for (const auto& member : *mid) {
    if (!member.is_string()) continue;
    const std::string& id = member.get_ref<const std::string&>();
    // AE-IDs and CSE-IDs in SP-relative or absolute form were compared above; only paths
    // through the CSEBase name or a resource ID need a lookup.
    bool structured = id.find('/') != std::string::npos &&
                      (!id.starts_with("/") ||
                       id.find("/" + identity_.cse_name + "/") != std::string::npos);
    if (!structured || id.ends_with("/fopt")) continue;
    auto resource = resolver_.resolveId(id);
    if (resource.isOk() && resource.value().type() == model::ResourceType::kAE &&
        absoluteId(resource.value().attributes.value("aei", ""), identity_) ==
            originator_absolute) {
      return true;
    }
  }
  return false;
}

}  // namespace citadel::security
