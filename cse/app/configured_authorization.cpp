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
  // role.issuers entries: "issuer" (its roles count when the admin created them) or
  // "issuer=originator" (also when that originator created them).
  for (const auto& entry : config.role_issuers) {
    size_t equals = entry.find('=');
    services.role_authorities.push_back(
        {entry.substr(0, equals), equals == std::string::npos ? "" : entry.substr(equals + 1)});
  }
  services.local_tokens = &built->local_tokens_;
  services.grants = &built->grants_;
  services.das_sender = &das_sender;
  services.default_das_uris = config.das_default;
  return built;
}

}  // namespace citadel::app
