#pragma once
// The claim set of a oneM2M JWT (m2m:tokenClaimSet, TS-0004 §6.3.5.42) and its JWT mapping
// (TS-0003 §7.3.2.6.2, Table 7.3.2.6.2-1). Parsing is strict about the claims we use (wrong
// JSON type, empty or oversized value → refused) and ignores claims we do not know, as RFC 7519
// §4 requires.
//
// Error reasons (all 4103 except the first):
//   4000 "token.malformed"        the payload is not one JSON object (or repeats a name, or
//                                 nests too deeply)
//   4103 "token.missing_claim"    a mandatory claim is absent: tkvr (or vr), jti, azp, iss,
//                                 nbf, exp
//   4103 "token.bad_claim"        a claim has the wrong type or an impossible value
//   4103 "token.claim_too_large"  a string or list is over TokenClaimLimits
// Messages name the claim, never its value.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::security::token {

// m2m:tokenPermission (TS-0004 §6.3.5.41). Each part is optional; absent and empty differ
// (an absent resourceIDs list means "any target", an empty one means none).
struct TokenPermission {
  std::optional<std::vector<std::string>> resource_ids;  // ris
  std::optional<model::Json> privileges;                 // pv: m2m:setOfAcrs {"acr": [...]}
  std::optional<std::vector<std::string>> role_ids;      // rids

  bool operator==(const TokenPermission&) const = default;
};

struct TokenClaims {
  std::string version;          // tkvr (TS-0003 JWT claim "tkvr"; TS-0004's "vr" accepted too)
  std::string token_id;         // tkid, JWT "jti": "name@issuer-fqdn"
  std::string holder;           // tkhd, JWT "azp": the holder's absolute AE-ID / CSE-ID
  std::string issuer;           // tkis, JWT "iss": the token issuer (DAS / authority) ID
  model::TimePoint not_before;  // tknb, JWT "nbf" (NumericDate, seconds since the epoch)
  model::TimePoint not_after;   // tkna, JWT "exp"
  std::optional<std::string> token_name;                    // tknm
  std::optional<std::vector<std::string>> audience;         // tkau, JWT "aud": CSE-IDs
  std::optional<std::vector<TokenPermission>> permissions;  // tkps: {"pm": [...]}
  std::optional<std::string> extension;                     // tkex (xs:string)

  bool operator==(const TokenClaims&) const = default;
};

// Caps on what one token may carry; the whole token is already capped by JwsLimits.
struct TokenClaimLimits {
  size_t max_id_bytes = 512;          // jti, azp, iss, each aud / ris / rids entry
  size_t max_text_bytes = 256;        // tkvr, tknm
  size_t max_extension_bytes = 4096;  // tkex
  size_t max_audience = 32;
  size_t max_permissions = 32;
  size_t max_resource_ids = 64;  // per permission
  size_t max_role_ids = 32;      // per permission
  int max_json_depth = 12;       // tkps.pm[].pv.acr[].acco[].acip.ipv4[] needs 11
};

// Typed claims from the claim-set object.
model::Result<TokenClaims> tokenClaimsFromJson(const model::Json& claims,
                                               const TokenClaimLimits& limits = {});

// Typed claims from a JWS payload (UTF-8 JSON text).
model::Result<TokenClaims> parseTokenClaims(std::string_view payload,
                                            const TokenClaimLimits& limits = {});

// Parses the payload into the claim-set object only, for callers that need one claim (the
// issuer, to choose the key) before the signature is checked. 4000 "token.malformed".
model::Result<model::Json> parseClaimSetObject(std::string_view payload,
                                               const TokenClaimLimits& limits = {});

// The JWT claim-set object for `claims` (the issuing direction of Table 7.3.2.6.2-1); nbf and
// exp become whole seconds, rounded down.
model::Json tokenClaimsToJson(const TokenClaims& claims);

}  // namespace citadel::security::token
