#pragma once
// Resolves `to` once, for the ACP decision and the dispatcher (4000 / 4004 / 5103). A `to` that
// names another CSE of this SP gets a route instead (TS-0004 §7.3.2.6): context.route.

#include "resources/cse_routes.h"
#include "resources/resource_resolver.h"
#include "security/stage.h"

namespace citadel::security {

// Sets context.target: the addressed resource, or for CREATE the parent of the new one; or,
// for a `to` of another CSE of this SP with a route (CseRoutes), context.route. Without a route,
// and for another SP (no inter-SP routing), 4004 "target.not_local". Stateless; shared by all
// worker threads.
class TargetResolutionStage final : public Stage {
 public:
  // `routes` nullptr: this CSE forwards nothing.
  TargetResolutionStage(resources::ResourceResolver& resolver, const resources::CseRoutes* routes)
      : resolver_(resolver), routes_(routes) {}
  std::string_view name() const override { return "target_resolution"; }
  model::Status onRequest(RequestContext& context) override;

 private:
  resources::ResourceResolver& resolver_;
  const resources::CseRoutes* routes_;
};

}  // namespace citadel::security
