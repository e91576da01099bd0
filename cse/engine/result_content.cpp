#include "cse/engine/result_content.h"

#include <algorithm>

#include "cse/model/json_size.h"
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

namespace {

// What one child adds to the list: its reference (rcn 5, 6) or its representation (4, 8).
size_t childBytes(const resources::Resource& kid, ResultContent rcn) {
  if (rcn == ResultContent::kChildResourceReferences ||
      rcn == ResultContent::kAttributesAndChildResourceReferences) {
    return kid.rn().size() + kid.path().size() + 32;  // {"nm":…,"typ":…,"val":…}
  }
  return model::jsonBytes(resources::publicAttributes(kid)) + 1;
}

}  // namespace

Result<std::vector<resources::Resource>> ResultContentBuilder::children(
    const resources::Resource& parent, ResultContent rcn, size_t budget, ChildPage* page,
    const Visible& visible, const FilterCriteria* filter) const {
  // ofst and lim (TS-0004 §7.3.3.17): counted over the children the originator sees and that
  // match, so that cnot, given back as ofst, continues where this answer stopped.
  int64_t skip = filter != nullptr && filter->offset ? *filter->offset - 1 : 0;
  size_t limit = max_children_;
  if (filter != nullptr && filter->limit) {
    limit = std::min(limit, static_cast<size_t>(std::max<int64_t>(0, *filter->limit)));
  }
  std::vector<resources::Resource> out;
  size_t bytes = 0;
  int64_t seen = 0;  // children the originator sees that match, so far
  std::string after;
  do {
    CITADEL_ASSIGN_OR_RETURN(resources::IdPage ids,
                             repository_.childIdPage(parent.ri(), after,
                                                     resources::ResourceRepository::kScanPage));
    for (const auto& id : ids.ids) {
      auto child = repository_.load(id);
      if (!child.isOk()) {
        if (child.status().rsc() != model::Rsc::kNotFound) {
          return child.takeStatus();  // a child deleted meanwhile is simply skipped
        }
        continue;
      }
      // Privilege before filter: a child the originator may not see costs no matching work.
      if (!visible(child.value()) || (filter != nullptr && !filter->matches(child.value()))) {
        continue;
      }
      if (++seen <= skip) {
        continue;
      }
      size_t cost = childBytes(child.value(), rcn);
      if (out.size() >= limit || cost > budget - std::min(budget, bytes)) {
        page->partial = true;
        page->next_offset = seen;
        return out;
      }
      bytes += cost;
      out.push_back(std::move(child).value());
    }
    after = std::move(ids.next);
  } while (!after.empty());
  return out;
}

Result<Json> ResultContentBuilder::withChildren(const resources::Resource& resource,
                                                ResultContent rcn, ChildPage* page,
                                                const Visible& visible,
                                                const FilterCriteria* filter) const {
  // The parent's own attributes (rcn 4, 5) count towards the bound too.
  size_t own = rcn == ResultContent::kChildResources ||
                       rcn == ResultContent::kChildResourceReferences
                   ? 0
                   : model::jsonBytes(resources::publicAttributes(resource));
  CITADEL_ASSIGN_OR_RETURN(
      std::vector<resources::Resource> kids,
      children(resource, rcn, max_bytes_ - std::min(max_bytes_, own), page, visible, filter));
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
