#include "security/token/trusted_issuers.h"

namespace citadel::security::token {

model::Status TrustedIssuers::add(std::string issuer_id, JwsKey key) {
  if (issuer_id.empty()) {
    return model::Status::badRequest("token issuer: the issuer ID is empty", "token.bad_issuer");
  }
  if (keys_.contains(issuer_id)) {
    return model::Status::badRequest("token issuer " + issuer_id + " is configured twice",
                                     "token.bad_issuer");
  }
  keys_.emplace(std::move(issuer_id), std::move(key));
  return {};
}

model::Status TrustedIssuers::addConfigured(std::string issuer_id, std::string_view algorithm,
                                            std::string_view key_source) {
  auto key = [&]() -> model::Result<JwsKey> {
    if (algorithm == "ES256") {
      return JwsKey::es256FromPemFile(std::string(key_source));
    }
    if (algorithm == "HS256") {
      if (key_source.starts_with("hex:")) {
        return JwsKey::hs256FromHex(key_source.substr(4));
      }
      if (key_source.starts_with("base64:")) {
        return JwsKey::hs256FromBase64(key_source.substr(7));
      }
      return model::Status::badRequest("HS256 secret must be written as hex:<…> or base64:<…>",
                                       "token.bad_key");
    }
    return model::Status::badRequest("algorithm must be ES256 or HS256", "token.bad_key");
  }();
  if (!key.isOk()) {
    return model::Status::badRequest("token issuer " + issuer_id + ": " + key.status().dbg(),
                                     key.status().reason());
  }
  return add(std::move(issuer_id), std::move(key).value());
}

const JwsKey* TrustedIssuers::find(std::string_view issuer_id) const {
  auto it = keys_.find(issuer_id);
  return it == keys_.end() ? nullptr : &it->second;
}

}  // namespace citadel::security::token
