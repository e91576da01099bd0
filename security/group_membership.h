#pragma once
// <group> resources named in accessControlOriginators (TS-0001 §9.6.2.1, TS-0003 §7.1.3,
// TS-0004 §7.3.3.15): "When the originatorID is the resource-ID of a <group> resource which
// contains <AE> or <remoteCSE> as member, the Hosting CSE ... shall check if the originator of
// the request matches one of the members in the memberIDs attribute". The evaluator asks through
// this interface so that it stays testable without a store.

#include <optional>
#include <string_view>

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

// Loads the group through the resolver (any addressing form of the acor entry). A member
// matches when its ID, in absolute form, is the originator's (AE-IDs are the <AE>'s resource
// IDs here, CSE-IDs stand for <remoteCSE>), or when it addresses an <AE> of this CSE whose aei is
// the originator. Sub-groups ("…/fopt" members) are not expanded.
class ResolverGroupMembership final : public GroupMembership {
 public:
  ResolverGroupMembership(resources::ResourceResolver& resolver,
                          const resources::CseIdentity& identity)
      : resolver_(resolver), identity_(identity) {}
  std::optional<bool> isMember(std::string_view acor_entry,
                               std::string_view originator_absolute) const override;

 private:
  resources::ResourceResolver& resolver_;
  const resources::CseIdentity& identity_;
};

}  // namespace citadel::security
