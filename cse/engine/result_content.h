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

class ResultContentBuilder {
 public:
  ResultContentBuilder(resources::ResourceRepository& repository,
                       const resources::TypeRegistry& types, size_t max_children)
      : repository_(repository), types_(types), max_children_(max_children) {}

  // {"m2m:cnt": {public attributes}}.
  Json resource(const resources::Resource& resource) const;
  // The same with only the attributes in `names`; 4000 naming the first unknown attribute.
  Result<Json> partial(const resources::Resource& resource,
                       const std::vector<std::string>& names) const;
  // rcn 4, 5, 6, 8 on RETRIEVE/DELETE. `partial` is set when children were cut at the limit.
  // Only children for which `visible` holds are included (the requester's RETRIEVE privilege
  // on each child); with `filter` (conditional retrieval, fu=2) only the matching ones.
  using Visible = std::function<bool(const resources::Resource&)>;
  Result<Json> withChildren(const resources::Resource& resource, model::ResultContent rcn,
                            bool* partial, const Visible& visible,
                            const FilterCriteria* filter = nullptr) const;

 private:
  Result<std::vector<resources::Resource>> children(const resources::Resource& parent,
                                                    bool* partial, const Visible& visible,
                                                    const FilterCriteria* filter) const;
  resources::ResourceRepository& repository_;
  const resources::TypeRegistry& types_;
  size_t max_children_;
};

}  // namespace citadel::engine
