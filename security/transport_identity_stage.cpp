#include "security/originator_id.h"
#include "security/stages.h"

namespace citadel::security {

model::Status TransportIdentityStage::onRequest(RequestContext& context) {
  const model::Request& request = context.request;
  context.originator = localOriginator(request.originator, deps_.identity);
  // TS-0003 §8.1.2.4: a peer that proved an identity with its certificate (the subjectAltName
  // URI of an AE-ID or CSE-ID certificate) speaks only as that identity, registration included.
  // (A CSE allowed to relay for others comes with forwarding.)
  if (request.transport.secure && !request.transport.peer_identity.empty()) {
    std::string proven = localOriginator(request.transport.peer_identity, deps_.identity);
    if (proven != context.originator) {
      return model::Status::noPrivilege("origin.certificate_mismatch");
    }
  }
  context.is_registration =
      request.operation == model::Operation::kCreate &&
      request.resource_type == static_cast<uint16_t>(model::ResourceType::kAE);
  if (context.is_registration) {
    return {};  // the <AE> type applies the From rules of registration (TS-0001 §10.2.2.2)
  }
  if (context.originator.empty()) {
    return model::Status::badRequest(
        "From (X-M2M-Origin) is mandatory for every request except AE registration",
        "origin.missing");
  }
  // The CSE itself, for primitives it originates internally (expiry, exhausted subscriptions).
  // Only the internal binding may claim it.
  if (context.originator == deps_.identity.cse_id &&
      request.transport.binding == model::Binding::kInternal) {
    context.originator_is_admin = true;
    return {};
  }
  if (context.originator == deps_.identity.admin) {
    context.originator_is_admin = true;
    return {};
  }
  // Only registered entities may send requests: here, the AEs registered with this CSE.
  const std::string& stem = context.originator;
  if (stem[0] == 'C' || stem[0] == 'S') {
    auto ae = deps_.repository.load(stem);
    if (ae.isOk() && ae.value().type() == model::ResourceType::kAE) {
      return {};
    }
    if (!ae.isOk() && ae.status().rsc() != model::Rsc::kNotFound) {
      return ae.takeStatus();
    }
  }
  return model::Status::noPrivilege("origin.unregistered");
}

model::Status TargetResolutionStage::onRequest(RequestContext& context) {
  CITADEL_ASSIGN_OR_RETURN(context.target, deps_.resolver.resolve(context.request.to));
  return {};
}

}  // namespace citadel::security
