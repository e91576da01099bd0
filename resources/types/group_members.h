#pragma once
// The memberIDs rules of <group> (TS-0004 §7.4.13.2.1 / §7.4.13.2.3): duplicates removed, every
// member bound to the resource it names when the list is written, and, unless memberType is
// "mixed", every member's resourceType checked against memberType with the group's
// consistencyStrategy deciding what an inconsistent member does.
//
// Binding (issue 15 #15): an entry is kept in the form the originator gave (TS-0001 Table
// 9.6.13-2 stores "member resource IDs" as given), and bound to the resource ID it resolved to
// (Resource field kMemberBindingsField). What the group grants follows the binding, never a
// new resolution of the path, so a resource that later takes a departed member's name is not a
// member; and a deleted member leaves every group (group_member_removal.h).
//
// Privilege (issue 15 #16): checking a member's type reads that member on the originator's
// behalf. A member the originator may not RETRIEVE is treated exactly like a member that does
// not exist (inconsistent with any memberType), so the answer tells nothing about its existence
// or type. A member given as an AE-ID is the exception: whether an AE-ID is registered is
// already public (TS-0004 §7.3.2.1), and groups of AEs are what acor entries name. TS-0004 §7.4.13.2.1 answers RECEIVER_HAS_NO_PRIVILEGE when "the resourceType cannot
// be retrieved due to lack of privilege"; answering that only for existing resources would tell
// them apart from missing ones, so this CSE does not (README "Security model").

#include <optional>

#include "resources/resource_resolver.h"
#include "resources/types/group.h"

namespace citadel::resources {

struct MemberCheck {
  Json members = Json::array();   // what the group keeps
  Json bindings = Json::array();  // one per kept member, as kMemberBindingsField stores them
  int64_t member_type = kMixedMemberType;
  // memberTypeValidated: unset for a "mixed" group (TS-0001 Table 9.6.13-2 requires it only
  // otherwise); false while a member on another CSE could not be checked.
  std::optional<bool> validated;
};

// `mid` without repeated entries, first occurrence kept. Precondition: an array of strings.
Json withoutDuplicates(const Json& mid);

// True for a value of m2m:memberType (TS-0004 Table 6.3.4.2.11-1).
bool isMemberTypeValue(int64_t value);

// Binds and checks deduplicated `mid` against `member_type`. 4000 for a member ID that is not an
// address, 4110 GROUP_MEMBER_TYPE_INCONSISTENT under ABANDON_GROUP, 5000 on a storage fault.
model::Result<MemberCheck> checkMembers(const Json& mid, int64_t member_type,
                                        ConsistencyStrategy strategy, ResourceResolver& resolver,
                                        const RetrievePrivilege& may_retrieve = {});

}  // namespace citadel::resources
