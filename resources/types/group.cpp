#include "resources/types/group.h"

#include "resources/batch_notify.h"
#include "resources/types/group_members.h"
#include "resources/views/group_view.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Status;

Status maxExceeded(size_t members, int64_t max) {
  return {model::Rsc::kMaxNumberOfMemberExceeded,
          std::to_string(members) + " distinct memberIDs exceed maxNrOfMembers (mnm) " +
              std::to_string(max),
          "group.max_members_exceeded"};
}

// Deduplicates mid, bounds it, binds and checks its members; writes mid, their bindings, cnm,
// mt and mtv.
Status applyMembers(Resource& group, ResourceRepository& repository, const CseIdentity& identity,
                    const RetrievePrivilege& may_retrieve) {
  Json& a = group.attributes;
  Json mid = withoutDuplicates(a["mid"]);
  int64_t max = GroupView(group).maxNrOfMembers();
  // TS-0004 §7.4.13.2.1 / §7.4.13.2.3: more members than mnm (also after mnm is lowered) -> 6010.
  if (static_cast<int64_t>(mid.size()) > max) {
    return maxExceeded(mid.size(), max);
  }
  if (mid.size() > kMaxGroupMembers) {
    return Status::badRequest("memberIDs (mid) holds " + std::to_string(mid.size()) +
                                  " members; this CSE supports at most " +
                                  std::to_string(kMaxGroupMembers) + " per <group>",
                              "group.too_many_members");
  }
  auto strategy = static_cast<ConsistencyStrategy>(GroupView(group).consistencyStrategy());
  ResourceResolver resolver(repository, identity);
  CITADEL_ASSIGN_OR_RETURN(
      MemberCheck check,
      checkMembers(mid, GroupView(group).memberType(), strategy, resolver, may_retrieve));
  a["mid"] = std::move(check.members);
  a[std::string(kMemberBindingsField)] = std::move(check.bindings);
  a["cnm"] = a["mid"].size();
  a["mt"] = check.member_type;
  if (check.validated) {
    a["mtv"] = *check.validated;
  } else {
    a.erase("mtv");
  }
  return {};
}

// m2m:specializationType (TS-0004 Table 6.3.5.67-1): an xs:choice of containerDefinition (cnd,
// xs:anyURI) or mgmtDefinition (mgd, m2m:mgmtDefinition, an enumeration). Stored only: members
// of a flexContainer or mgmtObj specialization are not validated, as this CSE lacks both types.
Status validateSpecializationType(const Json& spty) {
  auto cnd = spty.find("cnd");
  auto mgd = spty.find("mgd");
  bool one_member = spty.size() == 1 && (cnd != spty.end() || mgd != spty.end());
  if (!one_member) {
    return Status::badRequest(
        "specializationType (spty) must hold exactly one of containerDefinition (cnd) or "
        "mgmtDefinition (mgd), got " + spty.dump(),
        "group.bad_specialization_type");
  }
  bool valid = cnd != spty.end() ? cnd->is_string() && !cnd->get_ref<const std::string&>().empty()
                                 : mgd->is_number_unsigned();
  if (!valid) {
    return Status::badRequest("specializationType (spty): cnd must be a URI string, mgd a "
                              "non-negative integer (m2m:mgmtDefinition), got " + spty.dump(),
                              "group.bad_specialization_type");
  }
  return {};
}

// notifyAggregation (nar, TS-0004 Table 7.4.13.1-3): an m2m:batchNotify; null deletes it.
Status validateNotifyAggregation(const Json& attributes) {
  auto nar = attributes.find("nar");
  if (nar == attributes.end() || nar->is_null()) {
    return {};
  }
  return validateBatchNotify(*nar, "nar");
}

}  // namespace

Status GroupType::validateUpdate(const Json& changes) const {
  if (!changes.is_object() || changes.size() != 1 || !changes.begin()->is_object()) {
    return {};  // the generic checks report the shape
  }
  return validateNotifyAggregation(*changes.begin());
}

Status GroupType::validateCreate(const Json& attributes) const {
  if (auto spty = attributes.find("spty"); spty != attributes.end()) {
    CITADEL_RETURN_IF_ERROR(validateSpecializationType(*spty));
  }
  CITADEL_RETURN_IF_ERROR(validateNotifyAggregation(attributes));
  // The generic validator has checked types and optionality; these are the value ranges.
  if (auto mt = attributes.find("mt"); mt != attributes.end() &&
                                       !isMemberTypeValue(mt->get<int64_t>())) {
    return Status::badRequest("memberType (mt) " + mt->dump() +
                                  " is not an m2m:memberType value (0 = mixed, else a ty)",
                              "group.bad_member_type");
  }
  if (auto csy = attributes.find("csy"); csy != attributes.end() &&
                                         (csy->get<int64_t>() < 1 || csy->get<int64_t>() > 3)) {
    return Status::badRequest("consistencyStrategy (csy) " + csy->dump() +
                                  " must be 1 ABANDON_MEMBER, 2 ABANDON_GROUP or 3 SET_MIXED",
                              "group.bad_consistency_strategy");
  }
  return {};
}

Status GroupType::prepareCreate(CreateContext& context) const {
  Json& a = context.child.attributes;
  // TS-0004 Table 7.4.13.1-3 defaults: memberType MIXED, consistencyStrategy ABANDON_MEMBER.
  if (!a.contains("mt")) a["mt"] = kMixedMemberType;
  if (!a.contains("csy")) a["csy"] = static_cast<int>(ConsistencyStrategy::kAbandonMember);
  return applyMembers(context.child, context.repository, identity_, context.may_retrieve);
}

Status GroupType::onUpdated(UpdateContext& context) const {
  if (!context.changes.contains("mid")) {
    if (!context.changes.contains("mnm")) {
      return {};
    }
    // Only mnm changed: the members stay as validated; mnm below cnm is refused (6010).
    GroupView view(context.resource);
    int64_t current = view.currentNrOfMembers();
    int64_t max = view.maxNrOfMembers();
    return current > max ? maxExceeded(static_cast<size_t>(current), max) : Status();
  }
  return applyMembers(context.resource, context.repository, identity_, context.may_retrieve);
}

}  // namespace citadel::resources
