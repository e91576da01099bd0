#include "cse/engine/discovery.h"

#include <algorithm>
#include <unordered_set>

#include "resources/views/ae_view.h"

namespace citadel::engine {

using model::Result;
using model::Status;
using resources::Resource;


Result<std::vector<std::string>> Discovery::candidates(const Resource& root,
                                                       const FilterCriteria& filter) const {
  std::vector<std::string> ids;
  std::string below = root.path() + "/";
  // With AND, every match carries one of the listed types (or labels): the index range of
  // those values under the root holds all candidates.
  if (!filter.use_or && !filter.resource_types.empty()) {
    for (uint16_t ty : filter.resource_types) {
      CITADEL_RETURN_IF_ERROR(resources::appendAllPages(
          [&](std::string_view after) {
            return repository_.typeIdPage(static_cast<model::ResourceType>(ty), below, after,
                                          resources::ResourceRepository::kScanPage);
          },
          &ids));
    }
    return ids;
  }
  if (!filter.use_or && !filter.labels.empty()) {
    for (const auto& label : filter.labels) {
      CITADEL_RETURN_IF_ERROR(resources::appendAllPages(
          [&](std::string_view after) {
            return repository_.labelIdPage(label, below, after,
                                           resources::ResourceRepository::kScanPage);
          },
          &ids));
    }
    return ids;
  }
  // Otherwise walk the subtree breadth-first, no deeper than lvl.
  std::vector<std::string> level{root.ri()};
  int64_t depth = 0;
  while (!level.empty() && (!filter.level || depth < *filter.level)) {
    std::vector<std::string> next;
    for (const auto& ri : level) {
      CITADEL_RETURN_IF_ERROR(repository_.appendChildIds(ri, &next));
    }
    ids.insert(ids.end(), next.begin(), next.end());
    level = std::move(next);
    ++depth;
  }
  return ids;
}

Result<DiscoveryPage> Discovery::find(const Resource& root, const FilterCriteria& filter,
                                      const std::function<bool(const Resource&)>& visible) const {
  CITADEL_ASSIGN_OR_RETURN(std::vector<std::string> ids, candidates(root, filter));
  std::unordered_set<std::string> seen;
  std::vector<DiscoveredResource> matches;
  const std::string root_path = root.path();  // path() returns a copy: count over one object
  size_t root_depth = static_cast<size_t>(std::count(root_path.begin(), root_path.end(), '/'));
  for (const auto& ri : ids) {
    if (!seen.insert(ri).second) {
      continue;
    }
    auto loaded = repository_.loadShared(ri);  // read-only: no copy of a cached record
    if (!loaded.isOk()) {
      if (loaded.status().rsc() == model::Rsc::kNotFound) continue;  // deleted meanwhile
      return loaded.takeStatus();
    }
    const Resource& resource = *loaded.value();
    std::string path = resource.path();
    size_t depth = static_cast<size_t>(std::count(path.begin(), path.end(), '/')) - root_depth;
    if (filter.level && static_cast<int64_t>(depth) > *filter.level) {
      continue;
    }
    // TS-0001 §10.2.6: INACTIVE AEs and their subtrees are not searched (regs 2 = INACTIVE).
    if (resource.type() == model::ResourceType::kAE &&
        resources::AeView(resource).registrationStatus() == 2) {
      continue;
    }
    // The DISCOVER privilege before the filter: matching (a '*' pattern against a large con)
    // is the costly part, and a resource the originator may not see must not cost it.
    if (visible(resource) && filter.matches(resource, &repository_, visible)) {
      matches.push_back({resource.ri(), std::move(path), resource.rn(), resource.type()});
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const DiscoveredResource& a, const DiscoveredResource& b) {
              return a.path < b.path;
            });
  DiscoveryPage page;
  size_t skip = filter.offset ? static_cast<size_t>(*filter.offset - 1) : 0;
  size_t limit = std::min<size_t>(filter.limit ? static_cast<size_t>(*filter.limit) : max_results_,
                                  max_results_);
  if (skip >= matches.size()) {
    return page;
  }
  size_t end = std::min(matches.size(), skip + limit);
  // The byte bound: an answer names each match by its address (or ri) and, with rcn 6, its
  // name; count both, with room for the JSON around them.
  size_t bytes = 0;
  for (size_t i = skip; i < end; ++i) {
    bytes += matches[i].path.size() + matches[i].rn.size() + 32;
    if (bytes > max_bytes_) {
      end = i;
      break;
    }
  }
  page.partial = end < matches.size();
  page.next_offset = static_cast<int64_t>(end + 1);
  page.resources.assign(std::make_move_iterator(matches.begin() + skip),
                        std::make_move_iterator(matches.begin() + end));
  return page;
}

}  // namespace citadel::engine
