#pragma once
// Value formats shared by <role> and <token> (TS-0004 Table 6.3.3-1): m2m:roleID and
// m2m:tokenID ("issuerRelativeID@issuer-fqdn") and m2m:dynAuthJWT (a JWS or JWE in compact
// serialization). Checked on CREATE so that the security pipeline only ever meets IDs it can
// index and look up (resources/key_layout.h "ro/", "tk/").

#include <string_view>

#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::resources {

// Implementation bounds. A whole ID fits the token verifier's 512-byte ID cap
// (security/token/token_claims.h); a token object is bounded so a stored <token> stays small.
inline constexpr size_t kMaxIssuerRelativeIdBytes = 255;
inline constexpr size_t kMaxIssuerFqdnBytes = 253;  // RFC 1035 §2.3.4
inline constexpr size_t kMaxTokenObjectBytes = 16384;

// True when `id` is "<issuerRelativeID>@<issuer FQDN>": the relative part of [A-Za-z0-9._-],
// the FQDN of lowercase dot-separated labels [a-z0-9-] (1..63 characters, no leading or
// trailing '-'). Such an ID never contains '/', whitespace or a second '@'.
bool isValidIssuerScopedId(std::string_view id);

// OK when `value` is a string that isValidIssuerScopedId; otherwise 4000 naming `attribute`
// (e.g. "rlid") and `type_name` (e.g. "m2m:roleID").
model::Status checkIssuerScopedId(const model::Json& value, std::string_view attribute,
                                  std::string_view type_name);

// True when `text` is a JWS compact serialization a.b.c (a, c non-empty) or a JWE compact
// serialization a.b.c.d.e (a, d non-empty), every part base64url without padding [A-Za-z0-9_-]
// (TS-0004 Table 6.3.3-1 m2m:e2eCompactJWS / m2m:e2eCompactJWE), at most kMaxTokenObjectBytes.
bool isCompactJose(std::string_view text);

// TS-0001 §9.6.38 / §9.6.39: notBefore (tknb) and notAfter (tkna) bound the validity of a role
// or token, so tknb after tkna is a window that never opens: 4000. OK when either is absent or
// not a timestamp (the generic validator reports those).
model::Status checkValidityWindow(const model::Json& attributes);

}  // namespace citadel::resources
