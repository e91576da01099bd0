#pragma once
// Stage 1 of the pipeline: who is on the wire, and whether that identity may use this `fr`.

#include "resources/cse_identity.h"
#include "resources/resource_repository.h"
#include "security/security_dependencies.h"
#include "security/stage.h"

namespace citadel::security {

// First, 4000 when an identifier parameter carries a control character
// (codec::checkParameterCharacters). Without TLS the identity is the `fr` the binding presented: it
// must be the admin, a registered AE of this CSE, or absent only for AE registration (4000 / 4106
// otherwise). With a proven TLS/DTLS identity `fr` must be that identity (4106 otherwise; a proven
// CSE may relay for the AEs behind it). The admin is honoured only where `admin_origin` allows
// (4106 otherwise), and never over Binding::kUnknown; the CSE-ID only over Binding::kInternal.
// Another CSE's CSE-ID is accepted only from a TLS/DTLS peer that proved it, or over a plain
// transport that `plain_cse` admits (4107 otherwise): for the CREATE of its <remoteCSE> under the
// <CSEBase> (registration, ACP skipped: TS-0001 §10.2.2.7 step 002), and otherwise once that
// <remoteCSE> exists here (4106 before). Stateless; shared by all worker threads.
class TransportIdentityStage final : public Stage {
 public:
  TransportIdentityStage(resources::ResourceRepository& repository,
                         const resources::CseIdentity& identity, AdminOrigin admin_origin,
                         PlainCse plain_cse = PlainCse::kOff,
                         const resources::CseRoutes* routes = nullptr)
      : repository_(repository),
        identity_(identity),
        admin_origin_(admin_origin),
        plain_cse_(plain_cse),
        routes_(routes) {}
  std::string_view name() const override { return "transport_identity"; }
  bool admission() const override { return true; }
  model::Status onRequest(RequestContext& context) override;

 private:
  // Whether a request that says From: <admin> over `transport` is the admin.
  bool adminHonoured(const model::TransportInfo& transport) const;
  // Whether another CSE's CSE-ID `fr` may speak over this request's transport: proven by
  // TLS/DTLS, or a plain transport that plain_cse_ admits. 4107 (plain) / 4106 otherwise.
  model::Status admitCseOriginator(const RequestContext& context) const;
  // 4106 unless a <remoteCSE> for the CSE-ID `fr` is registered here (TS-0004 §7.3.2.1).
  model::Status checkRegisteredCse(const std::string& cse_id) const;
  // An AE of CSE `cse_id` ("/id-asn/Cae") relayed by the CSE `relay` ("" when no credential
  // names the relay: a plainCse transport): admitted when the route from here to `cse_id` (the
  // CSE itself if registered here, the registree whose dcse lists it, else the Registrar: the
  // way a request to it would go, CseRoutes) starts at `relay` — a reverse-path check: only the
  // neighbour behind which that CSE lies speaks for its AEs. Without routes (no forwarding):
  // only a CSE registered here, relaying for itself. 4106 otherwise; 5000 on a storage fault.
  model::Status checkRelayed(const std::string& cse_id, const std::string& relay) const;
  resources::ResourceRepository& repository_;
  const resources::CseIdentity& identity_;
  AdminOrigin admin_origin_;
  PlainCse plain_cse_;
  const resources::CseRoutes* routes_;
};

}  // namespace citadel::security
