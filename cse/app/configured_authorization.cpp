#include "cse/app/configured_authorization.h"

#include <iostream>

#include "security/token_issuers_file.h"

namespace citadel::app {

ConfiguredAuthorization::ConfiguredAuthorization(const engine::Config& config)
    : grants_(static_cast<size_t>(config.das_grants_total),
              static_cast<size_t>(config.das_grants_per_originator)) {}

model::Result<std::unique_ptr<ConfiguredAuthorization>> ConfiguredAuthorization::build(
    const engine::Config& config, const model::Clock& clock, model::PrimitiveSender& das_sender,
    model::PrimitiveSender& decision_sender) {
  std::unique_ptr<ConfiguredAuthorization> built(new ConfiguredAuthorization(config));
  if (!config.token_issuers.empty()) {
    CITADEL_ASSIGN_OR_RETURN(auto issuers, security::loadTrustedIssuers(config.token_issuers));
    std::cout << "token issuers: " << issuers.size() << " from " << config.token_issuers
              << std::endl;
    security::token::TokenVerifierOptions options;
    options.require_audience = config.token_require_audience;
    built->verifier_.emplace(std::move(issuers), clock, options);
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
  services.decision_sender = &decision_sender;
  services.default_das_uris = config.das_default;
  // das.tokenIssuers entries: "issuer=das-uri" (the issuer ID holds no '='; the URI may).
  for (const auto& entry : config.das_token_issuers) {
    size_t equals = entry.find('=');
    if (equals == 0 || equals == std::string::npos || equals + 1 == entry.size()) {
      return model::Status::badRequest(
          "config key 'das.tokenIssuers': '" + entry + "' is not issuer=das-uri",
          "config.bad_value");
    }
    services.das_token_issuers.push_back({entry.substr(0, equals), entry.substr(equals + 1)});
  }
  // authorization.repositories entries: "issuer-fqdn=<authorizationInformation> ID".
  for (const auto& entry : config.authorization_repositories) {
    size_t equals = entry.find('=');
    if (equals == 0 || equals == std::string::npos || entry.find('/', equals + 1) != equals + 1) {
      return model::Status::badRequest("config key 'authorization.repositories': '" + entry +
                                           "' is not issuer-fqdn=/cse-id/.../<auif>",
                                       "config.bad_value");
    }
    services.repositories.emplace_back(entry.substr(0, equals), entry.substr(equals + 1));
  }
  return built;
}

}  // namespace citadel::app
