#include "cse/app/configured_authorization.h"

#include <iostream>

#include "security/token_issuers_file.h"

namespace citadel::app {

model::Result<std::unique_ptr<ConfiguredAuthorization>> ConfiguredAuthorization::build(
    const engine::Config& config, const model::Clock& clock, model::PrimitiveSender& das_sender) {
  std::unique_ptr<ConfiguredAuthorization> built(new ConfiguredAuthorization());
  if (!config.token_issuers.empty()) {
    CITADEL_ASSIGN_OR_RETURN(auto issuers, security::loadTrustedIssuers(config.token_issuers));
    std::cout << "token issuers: " << issuers.size() << " from " << config.token_issuers
              << std::endl;
    built->verifier_.emplace(std::move(issuers), clock);
  }
  security::AuthorizationServices& services = built->services_;
  services.verifier = built->verifier_ ? &*built->verifier_ : nullptr;
  services.role_issuers = config.role_issuers;
  services.local_tokens = &built->local_tokens_;
  services.grants = &built->grants_;
  services.das_sender = &das_sender;
  services.default_das_uris = config.das_default;
  return built;
}

}  // namespace citadel::app
