#pragma once
// Tokens, roles and dynamic authorization as the configuration sets them up (TS-0003 §7.3, §7.4):
// the trusted token issuers of token.issuers, the role authorities of role.issuers, the in-memory
// stores of local token IDs and DAS grants, and the way out to a DAS.

#include <memory>
#include <optional>

#include "cse/engine/config.h"
#include "cse/model/clock.h"
#include "cse/model/ports.h"
#include "security/authorization_services.h"
#include "security/dynamic_grant_cache.h"
#include "security/local_token_store.h"
#include "security/token/token_verifier.h"

namespace citadel::app {

class ConfiguredAuthorization {
 public:
  // 4000 naming the file when token.issuers cannot be read. `clock`, `das_sender` and
  // `decision_sender` (PDP consultations, engine/forwarding/resource_sender.h) must outlive the
  // object.
  static model::Result<std::unique_ptr<ConfiguredAuthorization>> build(
      const engine::Config& config, const model::Clock& clock, model::PrimitiveSender& das_sender,
      model::PrimitiveSender& decision_sender);

  const security::AuthorizationServices& services() const { return services_; }

 private:
  explicit ConfiguredAuthorization(const engine::Config& config);
  std::optional<security::token::TokenVerifier> verifier_;
  security::LocalTokenStore local_tokens_;
  security::DynamicGrantCache grants_;
  security::AuthorizationServices services_;
};

}  // namespace citadel::app
