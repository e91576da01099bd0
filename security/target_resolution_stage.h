#pragma once
// Resolves `to` once, for the ACP decision and the dispatcher (4000 / 4004 / 5103).

#include "resources/resource_resolver.h"
#include "security/stage.h"

namespace citadel::security {

// Sets context.target: the addressed resource, or for CREATE the parent of the new one.
// Stateless; shared by all worker threads.
class TargetResolutionStage final : public Stage {
 public:
  explicit TargetResolutionStage(resources::ResourceResolver& resolver) : resolver_(resolver) {}
  std::string_view name() const override { return "target_resolution"; }
  model::Status onRequest(RequestContext& context) override;

 private:
  resources::ResourceResolver& resolver_;
};

}  // namespace citadel::security
