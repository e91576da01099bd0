#pragma once
// Issuing a oneM2M JWT (TS-0003 §7.3.2.6.3 "Creating a oneM2M JWT"): claims → JWT claim set →
// JWS compact serialization, signature-only ESData class. Used by tools/citadel-token, the
// reference DAS and tests.

#include <string>

#include "cse/model/status.h"
#include "security/token/jws_key.h"
#include "security/token/token_claims.h"

namespace citadel::security::token {

// The signed token (m2m:dynAuthJWT) for `claims`, with the algorithm the key is pinned to.
// The claims are first checked with the same rules a verifier applies, so a token that would be
// refused is never issued: 4103 with the claim reasons of token_claims.h; 4000
// "token.cannot_sign" for a verify-only key, 4000 "token.bad_claim" for text that is not UTF-8;
// 5000 "token.sign_failed" when OpenSSL fails.
model::Result<std::string> mintToken(const TokenClaims& claims, const JwsKey& key);

}  // namespace citadel::security::token
