#include "security/transport_identity_stage.h"

#include "cse/codec/primitive_parameters.h"
#include "cse/model/address.h"
#include "security/originator_id.h"

namespace citadel::security {
namespace {

// TS-0004 §7.3.2: a request inside a security association must come from the identity the
// association proved; otherwise ORIGINATOR_NOT_AUTHENTICATED (also TS-0003 §7.2.1 step 3).
model::Status notAuthenticated(std::string_view reason) {
  return {model::Rsc::kOriginatorNotAuthenticated, "originator not authenticated", reason};
}

// TS-0004 §7.3.2: when the proven identity is a CSE (its CSE-ID, "/id-mn"), that Registree CSE
// speaks for itself and relays for the AEs behind it: `fr` may be its CSE-ID, an AE-ID under
// it ("/id-mn/Cae") or an S-type AE-ID, but never a C-type AE-ID-Stem of ours or an ID under
// another CSE.
bool relayAllowed(std::string_view proven_cse, std::string_view from) {
  if (from == proven_cse) return true;
  if (from.starts_with(proven_cse) && from.size() > proven_cse.size() + 1 &&
      from[proven_cse.size()] == '/') {
    return from.find('/', proven_cse.size() + 1) == std::string_view::npos;
  }
  return from.starts_with("S") && from.find('/') == std::string_view::npos;
}

// Another CSE's SP-relative CSE-ID ("/id-mn"), as `fr` is after localOriginator.
bool isOtherCseId(std::string_view from, const resources::CseIdentity& identity) {
  return from.size() > 1 && from[0] == '/' && from.find('/', 1) == std::string_view::npos &&
         from != identity.cse_id;
}

}  // namespace

model::Status TransportIdentityStage::checkRelayed(const std::string& cse_id,
                                                   const std::string& relay) const {
  if (cse_id == identity_.cse_id) return notAuthenticated("origin.unregistered");
  if (routes_ == nullptr) {
    if (!relay.empty() && relay != cse_id) return notAuthenticated("origin.credential_mismatch");
    return checkRegisteredCse(cse_id);
  }
  CITADEL_ASSIGN_OR_RETURN(std::optional<resources::CseRoute> route, routes_->routeTo(cse_id, ""));
  if (!route) return notAuthenticated("origin.unregistered");
  if (!relay.empty() && route->next_cse_id != relay) {
    return notAuthenticated("origin.credential_mismatch");
  }
  return {};
}

model::Status TransportIdentityStage::admitCseOriginator(const RequestContext& context) const {
  const model::TransportInfo& transport = context.request.transport;
  if (transport.secure && context.originator_authenticated) {
    return {};
  }
  bool plain_http_or_coap =
      transport.binding == model::Binding::kHttp || transport.binding == model::Binding::kCoap;
  if ((plain_cse_ == PlainCse::kAny && transport.binding != model::Binding::kUnknown) ||
      (plain_cse_ == PlainCse::kLoopback && plain_http_or_coap && transport.from_loopback)) {
    return {};
  }
  if (!transport.secure) {
    return {model::Rsc::kSecurityAssociationRequired,
            "a CSE must send its requests over TLS or DTLS", "origin.cse_without_tls"};
  }
  return notAuthenticated("origin.unregistered");
}

model::Status TransportIdentityStage::checkRegisteredCse(const std::string& cse_id) const {
  auto record = repository_.load(cse_id.substr(1));  // RemoteCseType: ri = CSE-ID without '/'
  if (record.isOk() && record.value().type() == model::ResourceType::kRemoteCSE &&
      record.value().attributes.value("csi", "") == cse_id) {
    return {};
  }
  if (!record.isOk() && record.status().rsc() != model::Rsc::kNotFound) {
    return record.takeStatus();
  }
  return notAuthenticated("origin.unregistered");
}

bool TransportIdentityStage::adminHonoured(const model::TransportInfo& transport) const {
  // Fail closed: a primitive whose origin nobody stated is not the admin, whatever adminFrom says.
  if (transport.binding == model::Binding::kUnknown) {
    return false;
  }
  if (admin_origin_ == AdminOrigin::kAnywhere) {
    return true;
  }
  switch (transport.binding) {
    case model::Binding::kUnknown:
      return false;
    case model::Binding::kInternal:
      return true;
    case model::Binding::kMqtt:
      // The broker vouches for the topic's originator (TS-0010 §7.2), which the binding has
      // matched with fr: the broker's ACL on /oneM2M/req/<admin>/# decides who is the admin.
      return true;
    case model::Binding::kHttp:
    case model::Binding::kCoap:
      // A TLS/DTLS peer that proved an identity reached this point only if it is `fr`.
      return transport.from_loopback || (transport.secure && !transport.peer_identity.empty());
  }
  return false;
}

model::Status TransportIdentityStage::onRequest(RequestContext& context) {
  const model::Request& request = context.request;
  // Issue 15 #14: before any stage compares, looks up, logs or echoes an identifier, refuse the
  // primitive whose IDs carry control characters (4000), whichever binding it came from.
  CITADEL_RETURN_IF_ERROR(codec::checkParameterCharacters(request));
  context.originator = localOriginator(request.originator, identity_);
  // TS-0003 §8.1.2.4 / §8.2.2: a peer that proved an identity (the subjectAltName URI of its
  // AE-ID or CSE-ID certificate, or the originator its PSK is provisioned for) speaks only as
  // that identity, registration included; a proven CSE may relay for the AEs behind it.
  if (request.transport.secure && !request.transport.peer_identity.empty()) {
    std::string proven = localOriginator(request.transport.peer_identity, identity_);
    bool is_cse = proven.starts_with("/") && proven.find('/', 1) == std::string::npos;
    std::string relayed_cse = model::relayedAeCse(context.originator);
    if (is_cse && proven != context.originator && !relayed_cse.empty()) {
      // An AE behind another CSE: only the neighbour that leads to that CSE relays for it.
      CITADEL_RETURN_IF_ERROR(checkRelayed(relayed_cse, proven));
    } else if (proven != context.originator &&
               !(is_cse && relayAllowed(proven, context.originator))) {
      return notAuthenticated("origin.credential_mismatch");
    }
    context.originator_authenticated = proven == context.originator;
  }
  // An AE registers with its Registrar CSE's <CSEBase> (TS-0001 §10.2.2.2; the <CSEBase> is the
  // <AE>'s only parent) and only there may skip the authorization of the originator (TS-0004
  // §7.4.5.2.1: Recv-6.3 skipped). A CREATE of an <AE> addressed anywhere else can never
  // succeed; it is refused here, before `to` is resolved, with one answer whether or not the
  // target exists (issue 15 #16: before, any unregistered originator got 4004 for a missing
  // path and 4108 for an existing one, an existence oracle before identity and ACP).
  bool creates_ae = request.operation == model::Operation::kCreate &&
                    request.resource_type == static_cast<uint16_t>(model::ResourceType::kAE);
  if (creates_ae && !addressesCseBase(request.to, identity_)) {
    return {model::Rsc::kInvalidChildResourceType,
            "an <AE> is created (registered) only under the <CSEBase>, and the target is not it",
            "origin.ae_not_under_cse_base"};
  }
  context.is_registration = creates_ae;
  if (context.is_registration) {
    return {};  // the <AE> type applies the From rules of registration (TS-0001 §10.2.2.2)
  }
  // CSE registration (TS-0001 §10.2.2.7 step 002): an authenticated CSE not yet known here may
  // CREATE its <remoteCSE> under the <CSEBase>; the access control sub-step is omitted. The
  // <remoteCSE> type applies the rest (csi = From, one registration per CSE-ID).
  bool creates_csr =
      request.operation == model::Operation::kCreate &&
      request.resource_type == static_cast<uint16_t>(model::ResourceType::kRemoteCSE);
  if (creates_csr && isOtherCseId(context.originator, identity_) &&
      addressesCseBase(request.to, identity_)) {
    CITADEL_RETURN_IF_ERROR(admitCseOriginator(context));
    context.is_registration = true;
    return {};
  }
  if (context.originator.empty()) {
    return model::Status::badRequest(
        "From (X-M2M-Origin) is mandatory for every request except AE registration",
        "origin.missing");
  }
  // The CSE itself, for primitives it originates internally (expiry, exhausted subscriptions).
  // Only the internal binding may claim it.
  if (context.originator == identity_.cse_id &&
      request.transport.binding == model::Binding::kInternal) {
    context.originator_is_admin = true;
    return {};
  }
  if (context.originator == identity_.admin) {
    if (!adminHonoured(request.transport)) {
      return notAuthenticated("origin.admin_not_local");
    }
    context.originator_is_admin = true;
    return {};
  }
  // Only registered entities may send requests: here, the AEs registered with this CSE
  // (TS-0004 §7.3.2: an AE-ID not registered here is ORIGINATOR_NOT_AUTHENTICATED; a CSE-ID
  // outside a security association is SECURITY_ASSOCIATION_REQUIRED).
  const std::string& stem = context.originator;
  if (stem[0] == 'C' || stem[0] == 'S') {
    auto ae = repository_.loadShared(stem);  // shared: only its type is read
    if (ae.isOk() && ae.value()->type() == model::ResourceType::kAE) {
      return {};
    }
    if (!ae.isOk() && ae.status().rsc() != model::Rsc::kNotFound) {
      return ae.takeStatus();
    }
  }
  if (isOtherCseId(stem, identity_)) {
    CITADEL_RETURN_IF_ERROR(admitCseOriginator(context));
    return checkRegisteredCse(stem);
  }
  // An AE of another CSE, relayed by that CSE (TS-0004 §7.3.2.6: the transit made `fr`
  // SP-relative, "/id-mn/Cae"): admitted as its CSE would be — a <remoteCSE> registered here,
  // proven by TLS/DTLS (the credential check above held the proof to relayAllowed: only that
  // CSE relays for its AEs, §7.3.2.1) or trusted under security.plainCse — and only for a
  // C-type AE-ID-Stem. Whether that AE exists is its CSE's to know; what it may do here is the
  // ACP's.
  if (std::string relayed_cse = model::relayedAeCse(stem); !relayed_cse.empty()) {
    if (request.transport.secure && !request.transport.peer_identity.empty()) {
      return {};  // the credential check above made the reverse-path check (checkRelayed)
    }
    CITADEL_RETURN_IF_ERROR(admitCseOriginator(context));
    // Over MQTT the broker vouches for the relaying CSE (the topic's originator); elsewhere no
    // credential names it and any route will do.
    return checkRelayed(relayed_cse, request.transport.relaying_cse);
  }
  if (stem.starts_with("/") && stem.find('/', 1) == std::string::npos &&
      !request.transport.secure) {
    return {model::Rsc::kSecurityAssociationRequired,
            "a CSE must send its requests over TLS or DTLS", "origin.cse_without_tls"};
  }
  return notAuthenticated("origin.unregistered");
}

}  // namespace citadel::security
