#pragma once
// <group> resources named in accessControlOriginators (TS-0001 §9.6.2.1, TS-0003 §7.1.3,
// TS-0004 §7.3.3.15): "When the originatorID is the resource-ID of a <group> resource which
// contains <AE> or <remoteCSE> as member, the Hosting CSE ... shall check if the originator of
// the request matches one of the members in the memberIDs attribute". The evaluator asks through
// this interface so that it stays testable without a store.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resources/resource_resolver.h"

namespace citadel::security {

class GroupMembership {
 public:
  virtual ~GroupMembership() = default;
  // nullopt when `acor_entry` names no <group> of this CSE (missing, not a group, another CSE);
  // otherwise whether `originator_absolute` is one of its memberIDs.
  virtual std::optional<bool> isMember(std::string_view acor_entry,
                                       std::string_view originator_absolute) const = 0;
};

// Loads the group named by its resource ID (CSE-relative, SP-relative or absolute; a structured
// path names no group here: it would follow a name to whatever holds it now). A member matches
// through its binding (resources/types/group_members.h): the local resource it named when mid
// was written, whose resource ID, for an <AE>, is its AE-ID; an entry on another CSE matches by
// its ID in absolute form (CSE-IDs stand for <remoteCSE>). Sub-groups ("…/fopt" members) are not
// expanded. A group stored before bindings existed is matched as its mid is written, an entry
// that addresses an <AE> of this CSE by path matching that AE (isLegacyMember).
class ResolverGroupMembership final : public GroupMembership {
 public:
  ResolverGroupMembership(resources::ResourceResolver& resolver,
                          const resources::CseIdentity& identity)
      : resolver_(resolver), identity_(identity) {}
  std::optional<bool> isMember(std::string_view acor_entry,
                               std::string_view originator_absolute) const override;

 private:
  bool isLegacyMember(const std::vector<std::string>& members,
                      std::string_view originator_absolute) const;

  resources::ResourceResolver& resolver_;
  const resources::CseIdentity& identity_;
};

}  // namespace citadel::security
