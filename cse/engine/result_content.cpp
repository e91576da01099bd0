#include "cse/engine/result_content.h"

#include "resources/attribute_policy.h"

namespace citadel::engine {

using model::ResultContent;

Json modifiedAttributes(const Json& requested, const Json& before, const Json& after) {
  Json out = Json::object();
  for (auto it = after.begin(); it != after.end(); ++it) {
    if (it.key().starts_with("_")) {
      continue;
    }
    auto old = before.find(it.key());
    if (old != before.end() && *old == *it) {
      continue;  // unchanged
    }
    auto asked = requested.find(it.key());
    if (asked == requested.end() || *asked != *it) {
      out[it.key()] = *it;
    }
  }
  return out;
}

Json ResultContentBuilder::resource(const resources::Resource& resource) const {
  const auto* handler = types_.find(static_cast<uint16_t>(resource.type()));
  Json out = Json::object();
  out[std::string(handler ? handler->rootName() : "m2m:unknown")] =
      resources::publicAttributes(resource);
  return out;
}

Result<Json> ResultContentBuilder::partial(const resources::Resource& resource,
                                           const std::vector<std::string>& names) const {
  Json attributes = Json::object();
  for (const auto& name : names) {
    if (resources::findPolicy(resource.type(), name) == nullptr || name.starts_with("_")) {
      return model::Status::badRequest("attribute '" + name + "' in the attribute list does not "
                                       "exist for this resource type", "retrieve.bad_atrl");
    }
    auto it = resource.attributes.find(name);
    if (it != resource.attributes.end()) {
      attributes[name] = *it;
    }
  }
  const auto* handler = types_.find(static_cast<uint16_t>(resource.type()));
  return Json{{std::string(handler ? handler->rootName() : "m2m:unknown"), attributes}};
}

Result<std::vector<resources::Resource>> ResultContentBuilder::children(
    const resources::Resource& parent, bool* partial, const Visible& visible,
    const FilterCriteria* filter) const {
  CITADEL_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                           repository_.childIds(parent.ri(), max_children_ + 1));
  *partial = ids.size() > max_children_;
  if (*partial) {
    ids.pop_back();
  }
  std::vector<resources::Resource> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    auto child = repository_.load(id);
    if (child.isOk()) {
      // Privilege before filter: a child the originator may not see costs no matching work.
      if (!visible(child.value()) || (filter != nullptr && !filter->matches(child.value()))) {
        continue;
      }
      out.push_back(std::move(child).value());
    } else if (child.status().rsc() != model::Rsc::kNotFound) {
      return child.takeStatus();  // a child deleted meanwhile is simply skipped
    }
  }
  return out;
}

Result<Json> ResultContentBuilder::withChildren(const resources::Resource& resource,
                                                ResultContent rcn, bool* partial,
                                                const Visible& visible,
                                                const FilterCriteria* filter) const {
  CITADEL_ASSIGN_OR_RETURN(std::vector<resources::Resource> kids,
                           children(resource, partial, visible, filter));
  const auto* handler = types_.find(static_cast<uint16_t>(resource.type()));
  std::string root(handler ? handler->rootName() : "m2m:unknown");
  if (rcn == ResultContent::kChildResourceReferences) {
    Json refs = Json::array();
    for (const auto& kid : kids) {
      refs.push_back({{"nm", kid.rn()}, {"typ", static_cast<int>(kid.type())}, {"val", kid.path()}});
    }
    return Json{{"m2m:rrl", {{"rrf", refs}}}};
  }
  Json body = rcn == ResultContent::kChildResources ? Json::object()
                                                    : resources::publicAttributes(resource);
  if (rcn == ResultContent::kAttributesAndChildResourceReferences) {
    Json refs = Json::array();
    for (const auto& kid : kids) {
      refs.push_back({{"nm", kid.rn()}, {"typ", static_cast<int>(kid.type())}, {"val", kid.path()}});
    }
    if (!refs.empty()) {
      body["ch"] = refs;
    }
  } else {
    // rcn 4 and 8: each child's representation, grouped under its type's root name.
    for (const auto& kid : kids) {
      const auto* kid_handler = types_.find(static_cast<uint16_t>(kid.type()));
      std::string kid_root(kid_handler ? kid_handler->rootName() : "m2m:unknown");
      body[kid_root].push_back(resources::publicAttributes(kid));
    }
  }
  return Json{{root, body}};
}

}  // namespace citadel::engine
