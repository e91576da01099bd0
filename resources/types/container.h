#pragma once
// <container> (ty 3, m2m:cnt), TS-0001 §9.6.6 / TS-0004 §7.4.6 and the instance rules of
// §7.4.7.2.1: mni, mbs and mia are enforced when an instance arrives and when a limit is
// lowered; the oldest instances go first; cni, cbs and st stay exact, all in the batch of the
// primitive that changed them.

#include "resources/type_handler.h"

namespace citadel::resources {

class ContainerType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kContainer; }
  model::Status prepareCreate(CreateContext& context) const override;
  model::Status childWillBeAdded(CreateContext& context) const override;
  model::Status onUpdated(UpdateContext& context) const override;
  model::Status childWillBeRemoved(Resource& parent, const Resource& child,
                                   storage::WriteBatch& batch) const override;
};

}  // namespace citadel::resources
