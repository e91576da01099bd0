#pragma once
// Writes a resource record straight into a repository, with its indexes when it has a parent:
// the starting tree of unit tests that run stages or handlers without going through CREATE.

#include "cse/model/json.h"
#include "cse/model/status.h"
#include "resources/resource_repository.h"

namespace citadel::testing {

inline model::Status seedResource(resources::ResourceRepository& repository,
                                  model::Json attributes) {
  resources::Resource resource;
  resource.attributes = std::move(attributes);
  storage::WriteBatch batch;
  resources::ResourceRepository::stagePut(batch, resource);
  if (!resource.pi().empty()) resources::ResourceRepository::stageIndexes(batch, resource);
  return repository.commit(batch);
}

}  // namespace citadel::testing
