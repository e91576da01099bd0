#pragma once
// The token issuers this CSE trusts (TS-0003 §7.3.2.6.3 "Configuring CSEs for verifying
// Tokens"): issuer ID → the one key, and so the one algorithm, its tokens must be signed with.
// The spec leaves provisioning open; we take keys from configuration. Built once at start-up,
// then only read (safe to share between threads without locking).

#include <map>
#include <string>
#include <string_view>

#include "cse/model/status.h"
#include "security/token/jws_key.h"

namespace citadel::security::token {

class TrustedIssuers {
 public:
  // Trusts `issuer_id` (compared exactly with a token's "iss") with `key`. 4000
  // "token.bad_issuer" when the ID is empty or already configured (one key per issuer keeps
  // the algorithm pinned; rotate by replacing the configuration).
  model::Status add(std::string issuer_id, JwsKey key);

  // The configuration form: `algorithm` "ES256" with `key_source` the path of a PEM public
  // key or certificate, or "HS256" with `key_source` "hex:<secret>" or "base64:<secret>".
  // 4000 "token.bad_key" / "token.bad_issuer" naming the issuer, never the secret.
  model::Status addConfigured(std::string issuer_id, std::string_view algorithm,
                              std::string_view key_source);

  // The key of `issuer_id`, or nullptr when the issuer is not trusted. The pointer is valid as
  // long as this object.
  const JwsKey* find(std::string_view issuer_id) const;
  size_t size() const { return keys_.size(); }

 private:
  std::map<std::string, JwsKey, std::less<>> keys_;
};

}  // namespace citadel::security::token
