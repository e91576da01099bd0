#pragma once
// <group> (ty 9, m2m:grp), TS-0001 §9.6.13 / TS-0004 §7.4.13. Holds memberIDs (mid) bounded by
// maxNrOfMembers (mnm, 6010 beyond it), keeps currentNrOfMembers (cnm) exact, and validates the
// members' type against memberType (mt) with the consistencyStrategy (csy) of §7.4.13.2.1.
// Its members matter to access control too: an acor entry naming a group grants its members
// (security/group_membership.h).
//
// The <fanOutPoint> (fopt) is resolved as the group plus a path (resources/resource_resolver.h)
// and served by the engine (cse/engine/group/fan_out.h).
//
// Not implemented: specializationType, notifyAggregation, and members hosted on other CSEs
// beyond keeping them (they cannot be validated: memberTypeValidated stays false).

#include "resources/type_handler.h"

namespace citadel::resources {

// m2m:consistencyStrategy (TS-0004 Table 6.3.4.2.12-1).
enum class ConsistencyStrategy : uint8_t { kAbandonMember = 1, kAbandonGroup = 2, kSetMixed = 3 };

inline constexpr int64_t kMixedMemberType = 0;  // m2m:memberType "mixed"
// An implementation bound on mid, so that validation (one lookup per member) stays bounded.
inline constexpr size_t kMaxGroupMembers = 1000;

class GroupType final : public TypeHandler {
 public:
  explicit GroupType(const CseIdentity& identity) : identity_(identity) {}
  ResourceType type() const override { return ResourceType::kGroup; }
  model::Status validateCreate(const model::Json& attributes) const override;
  model::Status prepareCreate(CreateContext& context) const override;
  model::Status validateUpdate(const model::Json& changes) const override;
  model::Status onUpdated(UpdateContext& context) const override;

 private:
  const CseIdentity& identity_;
};

}  // namespace citadel::resources
