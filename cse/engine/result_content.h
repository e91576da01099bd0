#pragma once
// Builds the `pc` of responses from resources, per resultContent (TS-0004 §6.3.4.2.17 and
// TS-0001 Table 8.1.2-1).

#include <functional>

#include "cse/engine/filter_criteria.h"
#include "cse/model/json.h"
#include "resources/resource_repository.h"
#include "resources/type_registry.h"

namespace citadel::engine {

using model::Json;
using model::Result;

// rcn 9 (modified attributes, TS-0001 §8.1.2): the public attributes whose stored value changed
// from `before` to `after` and differs from what the request asked for (so the CSE's own
// changes and corrections, never a plain echo of the request). `before` is empty for CREATE.
Json modifiedAttributes(const Json& requested, const Json& before, const Json& after);

// Where a child list stopped (TS-0001 §8.1.2 "attributes+child-resources", §8.1.3 Content
// Status / Content Offset).
struct ChildPage {
  bool partial = false;     // cnst 1 PARTIAL_CONTENT: children were left out at a bound
  int64_t next_offset = 0;  // cnot, when partial: the ofst that continues with the first child
                            // left out (1 = the first child the originator sees)
};

class ResultContentBuilder {
 public:
  // At most `max_children` children, and at most `max_bytes` of JSON (model::jsonBytes) in one
  // child list: limits.maxResponseBytes (issue 15 #12).
  ResultContentBuilder(resources::ResourceRepository& repository,
                       const resources::TypeRegistry& types, size_t max_children,
                       size_t max_bytes)
      : repository_(repository), types_(types), max_children_(max_children),
        max_bytes_(max_bytes) {}

  // {"m2m:cnt": {public attributes}}.
  Json resource(const resources::Resource& resource) const;
  // The same from a resource that is not needed afterwards (moved, not copied).
  Json resource(resources::Resource&& resource) const;
  // The same with only the attributes in `names`; 4000 naming the first unknown attribute.
  Result<Json> partial(const resources::Resource& resource,
                       const std::vector<std::string>& names) const;
  // rcn 4, 5, 6, 8 on RETRIEVE/DELETE. Only resources for which `visible` holds are included
  // (the requester's RETRIEVE privilege on each); with `filter` (conditional retrieval, fu=2)
  // only the matching ones. rcn 4 and 8 nest each included child's included descendants under
  // it, grouped by type root name, down to the filter's lvl (all levels without one); rcn 5 and
  // 6 list the references of the same resources, each parent before its descendants. A
  // descendant whose parent is not included is not either (TS-0001 §8.1.2: "the originator ...
  // will not receive a descendant resource without having received its parents"). ofst counts included direct children (1 = the first); lim and
  // max_children count every resource in the answer. A direct child that would take the answer
  // past lim, max_children or max_bytes, with all its included descendants, is left out with
  // all that follow, and `page` says so: TS-0001 §8.1.2 ("If a direct child resource and all
  // its descendants cannot be included ... the direct child resource shall not be included"),
  // answered with cnst/cnot.
  // `shape`, when given, trims the attributes of each representation in the answer (the
  // resource's own and each included descendant's) to what the requester may read (acr.aca).
  using Visible = std::function<bool(const resources::Resource&)>;
  using Shape = std::function<void(const resources::Resource&, Json& attributes)>;
  Result<Json> withChildren(const resources::Resource& resource, model::ResultContent rcn,
                            ChildPage* page, const Visible& visible,
                            const FilterCriteria* filter = nullptr,
                            const Shape* shape = nullptr) const;

 private:
  // One included direct child: its representation with its descendants nested (rcn 4, 8), or
  // the references of it and its descendants (rcn 5, 6).
  struct Child {
    resources::Resource resource;
    Json representation;
  };
  // What is left of lim / max_children and max_bytes.
  struct Budget {
    size_t resources;
    size_t bytes;
  };
  Result<std::vector<Child>> children(const resources::Resource& parent,
                                      model::ResultContent rcn, size_t budget, ChildPage* page,
                                      const Visible& visible, const FilterCriteria* filter,
                                      const Shape* shape) const;
  // Adds `child`'s included descendants, at most `levels` below it, to `out` (its
  // representation for rcn 4/8, a reference array for rcn 5/6), taking each from `budget`.
  // False when the budget runs out first.
  Result<bool> addDescendants(const resources::Resource& child, model::ResultContent rcn,
                              int64_t levels, Json* out, Budget* budget, const Visible& visible,
                              const FilterCriteria* filter, const Shape* shape) const;
  // {"nm": rn, "typ": ty, "val": structured address}: m2m:childResourceRef.
  static Json reference(const resources::Resource& resource);
  // The public attributes of `resource`, trimmed by `shape` when given.
  static Json attributesOf(const resources::Resource& resource, const Shape* shape);
  std::string rootNameOf(const resources::Resource& resource) const;
  resources::ResourceRepository& repository_;
  const resources::TypeRegistry& types_;
  size_t max_children_;
  size_t max_bytes_;
};

}  // namespace citadel::engine
