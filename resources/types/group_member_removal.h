#pragma once
// memberIDs maintenance (TS-0001 §9.6.13, issue 15 #15): a deleted resource leaves every
// <group> whose memberIDs name it, in the same batch as the deletion, so that no later resource
// that takes its name (an AE re-registering with the same rn or AE-ID) inherits its membership
// and the rights an acor naming the group grants.
//
// What changes in such a group: the entries bound to a deleted resource (group_members.h) are
// removed from mid, cnm follows, lt is now. mt and mtv stay: removing a member cannot make the
// remaining ones inconsistent with memberType, and mtv (all members validated) stays true of
// what remains. Subscribers of the group are not notified of this change.

#include <vector>

#include "cse/model/clock.h"
#include "resources/resource_repository.h"

namespace citadel::resources {

// Stages into `batch` the update of every <group> (outside `removed`) with a member bound to one
// of the `removed` resources. 5000 on a storage fault. The caller holds the locks of the
// deletion; a concurrent UPDATE of such a group re-binds its members from its own request, so
// the race can keep, at worst, an entry bound to a resource ID that no longer exists.
model::Status stageMemberRemoval(ResourceRepository& repository,
                                 const std::vector<Resource>& removed, storage::WriteBatch& batch,
                                 model::TimePoint now);

}  // namespace citadel::resources
