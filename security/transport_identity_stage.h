#pragma once
// Stage 1 of the pipeline: who is on the wire, and whether that identity may use this `fr`.

#include "resources/cse_identity.h"
#include "resources/resource_repository.h"
#include "security/stage.h"

namespace citadel::security {

// Without TLS the identity is the `fr` the binding presented: it must be the admin, a
// registered AE of this CSE, or absent only for AE registration (4000 / 4103 otherwise). With
// a proven TLS/DTLS identity `fr` must be that identity (4101 otherwise; a proven CSE may relay
// for the AEs behind it). Stateless; shared by all worker threads.
class TransportIdentityStage final : public Stage {
 public:
  TransportIdentityStage(resources::ResourceRepository& repository,
                         const resources::CseIdentity& identity)
      : repository_(repository), identity_(identity) {}
  std::string_view name() const override { return "transport_identity"; }
  model::Status onRequest(RequestContext& context) override;

 private:
  resources::ResourceRepository& repository_;
  const resources::CseIdentity& identity_;
};

}  // namespace citadel::security
