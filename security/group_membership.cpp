#include "security/group_membership.h"

#include "cse/model/address.h"
#include "resources/views/ae_view.h"
#include "resources/views/group_view.h"
#include "resources/virtual_resources.h"
#include "security/originator_id.h"

namespace citadel::security {
namespace {

// TS-0001 §9.6.2.1 names a group in acor by its "resource-ID": the unstructured form, which this
// CSE draws at random and never gives again. A structured path ("cse-in/ae/friends") names
// whatever holds that name now, so a group deleted with its AE would be replaced by any group an
// AE re-registering with the same rn creates there (issue 15 #15).
bool namesByResourceId(std::string_view acor_entry, const resources::Resource& group) {
  auto address = model::parseAddress(acor_entry);
  return address.isOk() && address.value().attribute.empty() &&
         address.value().relative == group.ri();
}

}  // namespace

std::optional<bool> ResolverGroupMembership::isMember(std::string_view acor_entry,
                                                      std::string_view originator_absolute) const {
  auto group = resolver_.resolveId(acor_entry);
  if (!group.isOk() || group.value().type() != model::ResourceType::kGroup ||
      !namesByResourceId(acor_entry, group.value())) {
    // TS-0001 §9.6.2.1: a group that cannot be retrieved or does not exist grants nothing.
    return std::nullopt;
  }
  resources::GroupView view(group.value());
  std::vector<std::string> members = view.memberIds();
  auto bindings = view.memberBindings();
  if (bindings) {
    // Each member is what it named when mid was written (resources/types/group_members.h): the
    // local resource it was bound to (an <AE>'s resource ID is its AE-ID), or, for an entry on
    // another CSE, the ID as written. A local address that named nothing never matches.
    for (size_t i = 0; i < members.size(); ++i) {
      const std::optional<std::string>& bound = (*bindings)[i];
      if (!bound || members[i].ends_with("/fopt")) continue;  // sub-groups are not expanded
      const std::string& id = bound->empty() ? members[i] : *bound;
      if (absoluteId(id, identity_) == originator_absolute) {
        return true;
      }
    }
    return false;
  }
  return isLegacyMember(members, originator_absolute);
}

bool ResolverGroupMembership::isLegacyMember(const std::vector<std::string>& members,
                                             std::string_view originator_absolute) const {
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
    if (!structured || id.ends_with(resources::kFanOutSuffix)) continue;
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
