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
// Stateless; shared by all worker threads.
class TransportIdentityStage final : public Stage {
 public:
  TransportIdentityStage(resources::ResourceRepository& repository,
                         const resources::CseIdentity& identity, AdminOrigin admin_origin)
      : repository_(repository), identity_(identity), admin_origin_(admin_origin) {}
  std::string_view name() const override { return "transport_identity"; }
  bool admission() const override { return true; }
  model::Status onRequest(RequestContext& context) override;

 private:
  // Whether a request that says From: <admin> over `transport` is the admin.
  bool adminHonoured(const model::TransportInfo& transport) const;
  resources::ResourceRepository& repository_;
  const resources::CseIdentity& identity_;
  AdminOrigin admin_origin_;
};

}  // namespace citadel::security
