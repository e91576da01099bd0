#include "resources/types/group_members.h"

#include <unordered_set>

#include "resources/virtual_resources.h"

namespace citadel::resources {
namespace {

// What one memberIDs entry names on this CSE.
struct BoundMember {
  enum class Kind : uint8_t { kLocal, kMissing, kRemote } kind = Kind::kMissing;
  ResolvedTarget target;  // kLocal: the member (for la/ol: their container)
  bool fan_out = false;   // "…/fopt": the sub-group's members
  // kLocal: the entry is an <AE>'s AE-ID (its resource ID here), in any scope.
  bool ae_id = false;
};

// True when `id` names `member` by its AE-ID ("Cxyz", "/id-in/Cxyz", "//sp/id-in/Cxyz").
bool isAeId(std::string_view id, const ResolvedTarget& member) {
  if (member.resource().type() != ResourceType::kAE ||
      member.virtual_resource != VirtualResource::kNone) {
    return false;
  }
  auto address = model::parseAddress(id);
  return address.isOk() && address.value().relative == member.resource().ri();
}

model::Result<BoundMember> bindMember(std::string_view id, ResourceResolver& resolver) {
  BoundMember bound;
  bound.fan_out = id.ends_with(kFanOutSuffix);
  std::string_view target = bound.fan_out ? id.substr(0, id.size() - kFanOutSuffix.size()) : id;
  auto resolved = resolver.resolve(target);
  if (resolved.isOk()) {
    bound.kind = BoundMember::Kind::kLocal;
    bound.target = std::move(resolved).value();
    bound.ae_id = !bound.fan_out && isAeId(target, bound.target);
    return bound;
  }
  // A member on another CSE (the resolver's target.not_local, 4004 since no route leads there).
  if (resolved.status().reason() == "target.not_local") {
    bound.kind = BoundMember::Kind::kRemote;
    return bound;
  }
  switch (resolved.status().rsc()) {
    case model::Rsc::kBadRequest:
      return model::Status::badRequest("memberIDs entry '" + std::string(id) +
                                           "' is not a resource ID: " + resolved.status().dbg(),
                                       "group.bad_member_id");
    case model::Rsc::kInternalServerError: return resolved.takeStatus();
    default: return bound;  // 4004, or a virtual resource this CSE lacks (5001): names nothing
  }
}

// The binding stored for `bound` (kMemberBindingsField).
Json bindingOf(const BoundMember& bound) {
  switch (bound.kind) {
    case BoundMember::Kind::kLocal: return bound.target.resource().ri();
    case BoundMember::Kind::kRemote: return "";
    case BoundMember::Kind::kMissing: return nullptr;
  }
  return nullptr;
}

// The m2m:memberType of a bound member, or nullopt when it cannot be checked here (another
// CSE). A member that does not exist, or that the originator may not RETRIEVE, conforms to no
// type (-1): both look the same to the originator. An AE-ID needs no privilege: whether it is
// registered here is no secret (TS-0004 §7.3.2.1 answers ORIGINATOR_NOT_AUTHENTICATED to any
// request From an unregistered AE-ID), and a group of AEs is what acor names.
std::optional<int64_t> memberTypeOf(const BoundMember& bound,
                                    const RetrievePrivilege& may_retrieve) {
  if (bound.kind == BoundMember::Kind::kRemote) return std::nullopt;
  if (bound.kind == BoundMember::Kind::kMissing) return -1;
  const ResolvedTarget& member = bound.target;
  if (may_retrieve && !bound.ae_id && !may_retrieve(member.resource())) return -1;
  // TS-0004 §7.4.13.2.1: a virtual member (la/ol) takes its own type when its parent allows it.
  if (member.virtual_resource == VirtualResource::kLatest) return 20002;
  if (member.virtual_resource == VirtualResource::kOldest) return 20001;
  if (bound.fan_out) {
    // A sub-group's fan-out point stands for its members: their type is the sub-group's mt.
    if (member.resource().type() != ResourceType::kGroup) return -1;
    return member.resource().intAttribute("mt", kMixedMemberType);
  }
  return static_cast<int64_t>(member.resource().type());
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
                                        ConsistencyStrategy strategy, ResourceResolver& resolver,
                                        const RetrievePrivilege& may_retrieve) {
  MemberCheck check;
  check.member_type = member_type;
  bool all_checked = true;
  bool inconsistent = false;
  for (const auto& member : mid) {
    const std::string& id = member.get_ref<const std::string&>();
    CITADEL_ASSIGN_OR_RETURN(BoundMember bound, bindMember(id, resolver));
    if (member_type == kMixedMemberType) {
      // Nothing to conform to: kept as given, bound to what it names.
      check.members.push_back(member);
      check.bindings.push_back(bindingOf(bound));
      continue;
    }
    std::optional<int64_t> type = memberTypeOf(bound, may_retrieve);
    if (!type) {
      all_checked = false;  // kept, but not validated
    } else if (*type != member_type) {
      switch (strategy) {
        case ConsistencyStrategy::kAbandonGroup:
          return model::Status(model::Rsc::kGroupMemberTypeInconsistent,
                               "member '" + id + "' is " +
                                   (*type < 0 ? std::string("not a resource of this CSE that "
                                                            "the originator may retrieve")
                                              : "of type " + std::to_string(*type)) +
                                   ", not of memberType " + std::to_string(member_type) +
                                   " (consistencyStrategy ABANDON_GROUP)",
                               "group.member_type_inconsistent");
        case ConsistencyStrategy::kAbandonMember:
          continue;  // dropped (TS-0004 §7.4.13.2.1 b)
        case ConsistencyStrategy::kSetMixed:
          inconsistent = true;  // kept (c)
          break;
      }
    }
    check.members.push_back(member);
    check.bindings.push_back(bindingOf(bound));
  }
  if (member_type == kMixedMemberType) {
    return check;
  }
  if (inconsistent) {
    check.member_type = kMixedMemberType;  // SET_MIXED (c)
  }
  check.validated = all_checked;
  return check;
}

}  // namespace citadel::resources
