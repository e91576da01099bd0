#include "cse/engine/result_content.h"

#include <algorithm>
#include <limits>

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

Json ResultContentBuilder::resource(resources::Resource&& resource) const {
  const auto* handler = types_.find(static_cast<uint16_t>(resource.type()));
  Json out = Json::object();
  out[std::string(handler ? handler->rootName() : "m2m:unknown")] =
      resources::publicAttributes(std::move(resource));
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

bool nests(ResultContent rcn) {
  return rcn == ResultContent::kAttributesAndChildResources ||
         rcn == ResultContent::kChildResources;
}

// What one resource adds to the answer: its reference (rcn 5, 6) or its representation (4, 8).
size_t childBytes(const resources::Resource& kid, ResultContent rcn) {
  if (!nests(rcn)) {
    return kid.rn().size() + kid.path().size() + 32;  // {"nm":…,"typ":…,"val":…}
  }
  return model::jsonBytes(resources::publicAttributes(kid)) + 1;
}

// Takes one resource of `cost` bytes from `budget`; false when it does not fit.
template <typename Budget>
bool take(Budget* budget, size_t cost) {
  if (budget->resources == 0 || cost > budget->bytes) {
    return false;
  }
  --budget->resources;
  budget->bytes -= cost;
  return true;
}

}  // namespace

std::string ResultContentBuilder::rootNameOf(const resources::Resource& resource) const {
  const auto* handler = types_.find(static_cast<uint16_t>(resource.type()));
  return std::string(handler ? handler->rootName() : "m2m:unknown");
}

Json ResultContentBuilder::reference(const resources::Resource& resource) {
  return {{"nm", resource.rn()}, {"typ", static_cast<int>(resource.type())},
          {"val", resource.path()}};
}

Json ResultContentBuilder::attributesOf(const resources::Resource& resource,
                                        const Shape* shape) {
  Json attributes = resources::publicAttributes(resource);
  if (shape != nullptr) {
    (*shape)(resource, attributes);
  }
  return attributes;
}

Result<bool> ResultContentBuilder::addDescendants(const resources::Resource& child,
                                                  ResultContent rcn, int64_t levels, Json* out,
                                                  Budget* budget, const Visible& visible,
                                                  const FilterCriteria* filter,
                                                  const Shape* shape) const {
  // Breadth-first without recursion (a tree may be deeper than a worker's stack allows); every
  // node records its included children, and the nesting is assembled bottom-up at the end.
  // References (rcn 5, 6) are appended in that order: a parent before its children.
  struct Node {
    std::string ri;
    std::string root;
    Json representation;
    int64_t depth;
    std::vector<size_t> kids;
  };
  std::vector<Node> nodes;
  nodes.push_back({child.ri(), "", Json(), 0, {}});
  for (size_t next = 0; next < nodes.size(); ++next) {
    if (nodes[next].depth >= levels) {
      continue;
    }
    std::string after;
    do {
      CITADEL_ASSIGN_OR_RETURN(
          resources::IdPage ids,
          repository_.childIdPage(nodes[next].ri, after, resources::ResourceRepository::kScanPage));
      for (const auto& id : ids.ids) {
        auto kid = repository_.load(id);
        if (!kid.isOk()) {
          if (kid.status().rsc() != model::Rsc::kNotFound) return kid.takeStatus();
          continue;  // deleted meanwhile
        }
        // Privilege before filter, as for direct children.
        if (!visible(kid.value()) ||
            (filter != nullptr && !filter->matches(kid.value(), &repository_, visible))) {
          continue;
        }
        Json representation;
        if (nests(rcn)) {
          representation = attributesOf(kid.value(), shape);
        } else {
          out->push_back(reference(kid.value()));
        }
        if (!take(budget, childBytes(kid.value(), rcn))) {
          return false;
        }
        nodes[next].kids.push_back(nodes.size());
        nodes.push_back({kid.value().ri(), rootNameOf(kid.value()), std::move(representation),
                         nodes[next].depth + 1, {}});
      }
      after = std::move(ids.next);
    } while (!after.empty());
  }
  if (!nests(rcn)) {
    return true;
  }
  // Children have higher indexes than their parent: complete them first.
  nodes[0].representation = std::move(*out);
  for (size_t i = nodes.size(); i-- > 0;) {
    for (size_t kid : nodes[i].kids) {
      nodes[i].representation[nodes[kid].root].push_back(std::move(nodes[kid].representation));
    }
  }
  *out = std::move(nodes[0].representation);
  return true;
}

Result<std::vector<ResultContentBuilder::Child>> ResultContentBuilder::children(
    const resources::Resource& parent, ResultContent rcn, size_t budget_bytes, ChildPage* page,
    const Visible& visible, const FilterCriteria* filter, const Shape* shape) const {
  // ofst and lim (TS-0004 §7.3.3.17): ofst counts the direct children the originator sees and
  // that match, so that cnot, given back as ofst, continues where this answer stopped.
  int64_t skip = filter != nullptr && filter->offset ? *filter->offset - 1 : 0;
  Budget budget{max_children_, budget_bytes};
  if (filter != nullptr && filter->limit) {
    budget.resources =
        std::min(budget.resources, static_cast<size_t>(std::max<int64_t>(0, *filter->limit)));
  }
  // lvl 1 = the direct children only (TS-0004 §7.3.3.17.14); no lvl = every level.
  int64_t levels = filter != nullptr && filter->level ? *filter->level
                                                      : std::numeric_limits<int64_t>::max();
  std::vector<Child> out;
  int64_t seen = 0;  // direct children the originator sees that match, so far
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
      if (!visible(child.value()) ||
          (filter != nullptr && !filter->matches(child.value(), &repository_, visible))) {
        continue;
      }
      if (++seen <= skip) {
        continue;
      }
      // The child and its descendants are taken from a trial budget, committed only when all
      // of them fit.
      Budget trial = budget;
      bool fits = take(&trial, childBytes(child.value(), rcn));
      Json representation = nests(rcn) ? attributesOf(child.value(), shape)
                                       : Json::array({reference(child.value())});
      if (fits && levels > 1) {
        CITADEL_ASSIGN_OR_RETURN(fits, addDescendants(child.value(), rcn, levels - 1,
                                                      &representation, &trial, visible, filter,
                                                      shape));
      }
      if (!fits) {
        page->partial = true;
        page->next_offset = seen;
        return out;
      }
      budget = trial;
      out.push_back({std::move(child).value(), std::move(representation)});
    }
    after = std::move(ids.next);
  } while (!after.empty());
  return out;
}

Result<Json> ResultContentBuilder::withChildren(const resources::Resource& resource,
                                                ResultContent rcn, ChildPage* page,
                                                const Visible& visible,
                                                const FilterCriteria* filter,
                                                const Shape* shape) const {
  // The parent's own attributes (rcn 4, 5) count towards the bound too.
  size_t own = rcn == ResultContent::kChildResources ||
                       rcn == ResultContent::kChildResourceReferences
                   ? 0
                   : model::jsonBytes(resources::publicAttributes(resource));
  CITADEL_ASSIGN_OR_RETURN(
      std::vector<Child> kids,
      children(resource, rcn, max_bytes_ - std::min(max_bytes_, own), page, visible, filter,
               shape));
  std::string root = rootNameOf(resource);
  auto references = [&] {
    Json refs = Json::array();
    for (auto& kid : kids) {
      for (auto& ref : kid.representation) {
        refs.push_back(std::move(ref));
      }
    }
    return refs;
  };
  if (rcn == ResultContent::kChildResourceReferences) {
    return Json{{"m2m:rrl", {{"rrf", references()}}}};
  }
  Json body = rcn == ResultContent::kChildResources ? Json::object()
                                                    : attributesOf(resource, shape);
  if (rcn == ResultContent::kAttributesAndChildResourceReferences) {
    Json refs = references();
    if (!refs.empty()) {
      body["ch"] = refs;
    }
  } else {
    // rcn 4 and 8: each child's representation, grouped under its type's root name.
    for (auto& kid : kids) {
      body[rootNameOf(kid.resource)].push_back(std::move(kid.representation));
    }
  }
  return Json{{root, body}};
}

}  // namespace citadel::engine
