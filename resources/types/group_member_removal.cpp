#include "resources/types/group_member_removal.h"

#include <unordered_set>

#include "resources/views/group_view.h"

namespace citadel::resources {
namespace {

// `group` without the entries bound to a resource in `gone`; false when it had none.
bool dropDeparted(Resource& group, const std::unordered_set<std::string>& gone) {
  auto bindings = GroupView(group).memberBindings();
  if (!bindings) {
    return false;
  }
  Json& a = group.attributes;
  const Json& mid = a["mid"];
  Json kept_mid = Json::array();
  Json kept_bindings = Json::array();
  for (size_t i = 0; i < bindings->size(); ++i) {
    const std::optional<std::string>& bound = (*bindings)[i];
    if (bound && gone.contains(*bound)) {
      continue;
    }
    kept_mid.push_back(mid[i]);
    kept_bindings.push_back(bound ? Json(*bound) : Json(nullptr));
  }
  if (kept_mid.size() == mid.size()) {
    return false;
  }
  a["cnm"] = kept_mid.size();
  a["mid"] = std::move(kept_mid);
  a[std::string(kMemberBindingsField)] = std::move(kept_bindings);
  return true;
}

}  // namespace

model::Status stageMemberRemoval(ResourceRepository& repository,
                                 const std::vector<Resource>& removed, storage::WriteBatch& batch,
                                 model::TimePoint now) {
  std::unordered_set<std::string> gone;
  for (const auto& resource : removed) {
    gone.insert(resource.ri());
  }
  std::vector<std::string> group_ris;
  for (const auto& resource : removed) {
    CITADEL_RETURN_IF_ERROR(repository.appendGroupsWithMember(resource.ri(), &group_ris));
  }
  std::unordered_set<std::string> seen;  // a group with several departed members: once
  for (const auto& ri : group_ris) {
    if (gone.contains(ri) || !seen.insert(ri).second) {
      continue;  // deleted with the members, or already done
    }
    auto loaded = repository.load(ri);
    if (!loaded.isOk()) {
      if (loaded.status().rsc() == model::Rsc::kNotFound) continue;  // a stale index entry
      return loaded.takeStatus();
    }
    const Resource before = loaded.value();
    Resource group = std::move(loaded).value();
    if (!dropDeparted(group, gone)) {
      continue;
    }
    group.attributes["lt"] = model::formatPreciseTimestamp(now);
    ResourceRepository::stagePut(batch, group);
    ResourceRepository::stageIndexChanges(batch, before, group);
  }
  return {};
}

}  // namespace citadel::resources
