#include "security/token/token_minter.h"

#include "security/token/jws.h"

namespace citadel::security::token {

model::Result<std::string> mintToken(const TokenClaims& claims, const JwsKey& key) {
  model::Json claim_set = tokenClaimsToJson(claims);
  // Round-trip through the verifier's parser: an empty jti or an oversized audience is refused
  // here, with the reason the verifier would give.
  auto checked = tokenClaimsFromJson(claim_set);
  if (!checked.isOk()) {
    return checked.takeStatus();
  }
  std::string payload;
  try {
    payload = claim_set.dump();
  } catch (const model::Json::exception&) {
    // nlohmann refuses to serialize invalid UTF-8; JSON text must be UTF-8 (RFC 8259 §8.1).
    return model::Status{model::Rsc::kBadRequest, "token claims must be UTF-8 text",
                         "token.bad_claim"};
  }
  return signJws(payload, key);
}

}  // namespace citadel::security::token
