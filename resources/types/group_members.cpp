#include "resources/types/group_members.h"

#include <unordered_set>

namespace citadel::resources {
namespace {

constexpr std::string_view kFanOutSuffix = "/fopt";

// The m2m:memberType of a member, or nullopt when it cannot be checked here (another CSE).
// A member that does not exist can conform to no type: it is inconsistent (-1).
model::Result<std::optional<int64_t>> memberTypeOf(std::string_view id,
                                                   ResourceResolver& resolver) {
  bool fan_out = id.ends_with(kFanOutSuffix);
  std::string_view target = fan_out ? id.substr(0, id.size() - kFanOutSuffix.size()) : id;
  auto resolved = resolver.resolve(target);
  if (!resolved.isOk()) {
    switch (resolved.status().rsc()) {
      case model::Rsc::kNotFound: return std::optional<int64_t>(-1);
      case model::Rsc::kTargetNotReachable: return std::optional<int64_t>();
      case model::Rsc::kBadRequest:
        return model::Status::badRequest("memberIDs entry '" + std::string(id) +
                                             "' is not a resource ID: " + resolved.status().dbg(),
                                         "group.bad_member_id");
      default: return resolved.takeStatus();
    }
  }
  const ResolvedTarget& member = resolved.value();
  // TS-0004 §7.4.13.2.1: a virtual member (la/ol) takes its own type when its parent allows it.
  if (member.virtual_resource == VirtualResource::kLatest) return std::optional<int64_t>(20002);
  if (member.virtual_resource == VirtualResource::kOldest) return std::optional<int64_t>(20001);
  if (fan_out) {
    // A sub-group's fan-out point stands for its members: their type is the sub-group's mt.
    if (member.resource.type() != ResourceType::kGroup) {
      return std::optional<int64_t>(-1);
    }
    return std::optional<int64_t>(member.resource.intAttribute("mt", kMixedMemberType));
  }
  return std::optional<int64_t>(static_cast<int64_t>(member.resource.type()));
}

}  // namespace

Json withoutDuplicates(const Json& mid) {
  Json out = Json::array();
  std::unordered_set<std::string> seen;
  for (const auto& member : mid) {
    if (seen.insert(member.get<std::string>()).second) {
      out.push_back(member);
    }
  }
  return out;
}

bool isMemberTypeValue(int64_t value) {
  if (value >= 0 && value <= 51) {
    return value != 45;  // 45 is unassigned
  }
  static constexpr int64_t kOthers[] = {10001, 10002, 10003, 10004, 10009, 10010, 10013,
                                        10014, 10016, 10018, 10024, 10028, 10029, 10030,
                                        10033, 10038, 10039, 10040, 10041, 10042, 10046,
                                        20001, 20002, 20003};
  for (int64_t other : kOthers) {
    if (value == other) return true;
  }
  return false;
}

model::Result<MemberCheck> checkMembers(const Json& mid, int64_t member_type,
                                        ConsistencyStrategy strategy,
                                        ResourceResolver& resolver) {
  MemberCheck check;
  check.member_type = member_type;
  if (member_type == kMixedMemberType) {
    for (const auto& member : mid) {
      // Nothing to conform to, but a member ID must still be an address.
      auto address = model::parseAddress(member.get_ref<const std::string&>());
      if (!address.isOk()) {
        return model::Status::badRequest("memberIDs entry '" + member.get<std::string>() +
                                             "' is not a resource ID: " + address.status().dbg(),
                                         "group.bad_member_id");
      }
    }
    check.members = mid;
    return check;
  }
  bool all_checked = true;
  bool inconsistent = false;
  for (const auto& member : mid) {
    const std::string& id = member.get_ref<const std::string&>();
    CITADEL_ASSIGN_OR_RETURN(std::optional<int64_t> type, memberTypeOf(id, resolver));
    if (!type) {
      all_checked = false;  // kept, but not validated
      check.members.push_back(member);
      continue;
    }
    if (*type == member_type) {
      check.members.push_back(member);
      continue;
    }
    switch (strategy) {
      case ConsistencyStrategy::kAbandonGroup:
        return model::Status(model::Rsc::kGroupMemberTypeInconsistent,
                             "member '" + id + "' is " +
                                 (*type < 0 ? std::string("not a resource of this CSE")
                                            : "of type " + std::to_string(*type)) +
                                 ", not of memberType " + std::to_string(member_type) +
                                 " (consistencyStrategy ABANDON_GROUP)",
                             "group.member_type_inconsistent");
      case ConsistencyStrategy::kAbandonMember:
        continue;  // dropped (TS-0004 §7.4.13.2.1 b)
      case ConsistencyStrategy::kSetMixed:
        check.members.push_back(member);
        inconsistent = true;
        break;
    }
  }
  if (inconsistent) {
    check.member_type = kMixedMemberType;  // SET_MIXED (c)
  }
  check.validated = all_checked;
  return check;
}

}  // namespace citadel::resources
