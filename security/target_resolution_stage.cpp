#include "security/target_resolution_stage.h"

#include "cse/model/address.h"

namespace citadel::security {

model::Status TargetResolutionStage::onRequest(RequestContext& context) {
  auto resolved = resolver_.resolve(context.request.to);
  if (resolved.isOk()) {
    context.target = std::move(resolved).value();
    return {};
  }
  if (routes_ == nullptr || resolved.status().reason() != "target.not_local") {
    return resolved.takeStatus();
  }
  // Another CSE of this SP (another SP's resources have no route: no inter-SP forwarding).
  CITADEL_ASSIGN_OR_RETURN(model::Address address, model::parseAddress(context.request.to));
  if (address.scope == model::AddressScope::kAbsolute && address.sp_id != resolver_.spId()) {
    return resolved.takeStatus();
  }
  std::string came_from = resources::relayingCse(context.originator);
  CITADEL_ASSIGN_OR_RETURN(std::optional<resources::CseRoute> route,
                           routes_->routeTo(address.cse_id, came_from));
  if (!route) {
    return {model::Rsc::kNotFound,
            "target '" + context.request.to + "' is not hosted on this CSE but on " +
                address.cse_id + ", to which no <remoteCSE> here leads" +
                (routes_->registrar().empty()
                     ? std::string(" (this CSE has no Registrar to forward it to)")
                     : came_from == routes_->registrar()
                           ? std::string(" (the request came from the Registrar: not sent back)")
                           : std::string()),
            "target.no_route"};
  }
  context.route = std::move(route);
  return {};
}

}  // namespace citadel::security
