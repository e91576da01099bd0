#pragma once
// Resource discovery (TS-0001 §10.2.6, TS-0004 §7.3.3.x): the resources below a root that match
// filter criteria and that the requester may DISCOVER. ty and lbl filters are answered from the
// type and label indexes (a range scan under the root's path), never by walking the tree.

#include <functional>

#include "cse/engine/filter_criteria.h"
#include "resources/resource_repository.h"

namespace citadel::engine {

// What an answer names of a discovered resource. Only this is kept of each match, not its
// attributes: a subtree of large instances must not be held in memory (issue 15 #12).
struct DiscoveredResource {
  std::string ri;
  std::string path;  // structured address
  std::string rn;
  model::ResourceType type;
};

struct DiscoveryPage {
  std::vector<DiscoveredResource> resources;  // in structured-path order
  bool partial = false;                         // more matches exist beyond the page
  int64_t next_offset = 0;                      // ofst of the next page when partial
};

class Discovery {
 public:
  // At most `max_results` resources per page, and no more than `max_bytes` of their addresses
  // (limits.maxResponseBytes).
  Discovery(resources::ResourceRepository& repository, size_t max_results, size_t max_bytes)
      : repository_(repository), max_results_(max_results), max_bytes_(max_bytes) {}

  // Matches below `root` (the root itself excluded), filtered by `visible` (the DISCOVER
  // privilege), then paged by ofst (1 = first match) and lim (capped at max_results), and cut
  // where the addresses pass max_bytes (partial, next_offset: TS-0001 §8.1.3 Content Offset).
  model::Result<DiscoveryPage> find(
      const resources::Resource& root, const FilterCriteria& filter,
      const std::function<bool(const resources::Resource&)>& visible) const;

 private:
  model::Result<std::vector<std::string>> candidates(const resources::Resource& root,
                                                     const FilterCriteria& filter) const;

  resources::ResourceRepository& repository_;
  size_t max_results_;
  size_t max_bytes_;
};

}  // namespace citadel::engine
