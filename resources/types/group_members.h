#pragma once
// The memberIDs rules of <group> (TS-0004 §7.4.13.2.1 / §7.4.13.2.3): duplicates removed, and,
// unless memberType is "mixed", every member's resourceType checked against memberType with the
// group's consistencyStrategy deciding what an inconsistent member does.

#include <optional>

#include "resources/resource_resolver.h"
#include "resources/types/group.h"

namespace citadel::resources {

struct MemberCheck {
  Json members = Json::array();  // what the group keeps
  int64_t member_type = kMixedMemberType;
  // memberTypeValidated: unset for a "mixed" group (TS-0001 Table 9.6.13-2 requires it only
  // otherwise); false while a member on another CSE could not be checked.
  std::optional<bool> validated;
};

// `mid` without repeated entries, first occurrence kept. Precondition: an array of strings.
Json withoutDuplicates(const Json& mid);

// True for a value of m2m:memberType (TS-0004 Table 6.3.4.2.11-1).
bool isMemberTypeValue(int64_t value);

// Checks deduplicated `mid` against `member_type`. 4000 for a member ID that is not an address,
// 4110 GROUP_MEMBER_TYPE_INCONSISTENT under ABANDON_GROUP, 5000 on a storage fault.
model::Result<MemberCheck> checkMembers(const Json& mid, int64_t member_type,
                                        ConsistencyStrategy strategy,
                                        ResourceResolver& resolver);

}  // namespace citadel::resources
