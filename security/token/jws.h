#pragma once
// JWS compact serialization (RFC 7515 §7.1): "<header>.<payload>.<signature>", each part
// base64url without padding. Parse, verify and sign for the algorithms of JwsKey.
//
// Built on OpenSSL 3 EVP directly rather than cjose: the verifier must pin the algorithm to the
// key and refuse "crit" and "none" before any cryptography runs, which needs our own header
// checks anyway; cjose would add jansson (a second JSON parser that may read a header
// differently from ours) for the two primitives we need, ECDSA P-256 and HMAC-SHA-256.
//
// Error reasons (Status::reason):
//   4000 "token.too_large"        the token or its header is over the JwsLimits
//   4000 "token.malformed"        not three base64url parts, or the header is not a JSON object
//                                 with a string "alg"
//   4103 "token.jwe_unsupported"  five parts: a JWE (encrypted token), not supported yet
//   4103 "token.crit_unsupported" the header has "crit" (RFC 7515 §4.1.11: we understand no
//                                 extension, so the token must be refused)
//   4103 "token.bad_header"       "typ" other than "JWT", or a "cty" (TS-0003 §7.3.2.6.2: a
//                                 signed oneM2M JWT has no cty)
//   4103 "token.alg_mismatch"     the header "alg" is not the key's algorithm (this is where
//                                 "none" and algorithm confusion end)
//   4103 "token.bad_signature"    the signature does not verify with the key
// Nothing here throws, and no message contains a token, a payload or key material.

#include <string>
#include <string_view>

#include "cse/model/json.h"
#include "cse/model/status.h"
#include "security/token/jws_key.h"

namespace citadel::security::token {

struct JwsLimits {
  size_t max_token_bytes = 16 << 10;  // the whole compact text
  size_t max_header_bytes = 1 << 10;  // the decoded protected header
  int max_json_depth = 8;             // header nesting; a oneM2M JOSE header is flat
};

// A compact JWS split and decoded. Nothing in it is trusted until verifyJwsSignature() is OK.
struct ParsedJws {
  std::string algorithm;      // the header's "alg", as written
  model::Json header;         // the protected header (a JSON object)
  std::string payload;        // the decoded payload bytes
  std::string signature;      // the decoded signature bytes
  std::string signing_input;  // ASCII(BASE64URL(header) '.' BASE64URL(payload)), RFC 7515 §5.2
};

// Splits and decodes `compact` and checks the header (see the reasons above). Does not look at
// the payload beyond base64url, and does no cryptography.
model::Result<ParsedJws> parseJws(std::string_view compact, const JwsLimits& limits = {});

// OK when `jws.algorithm` is exactly the key's algorithm and the signature verifies
// ("token.alg_mismatch", "token.bad_signature" otherwise). ES256 signatures must be the
// 64-byte R||S form of RFC 7518 §3.4; HS256 tags are compared in constant time.
model::Status verifyJwsSignature(const ParsedJws& jws, const JwsKey& key);

// parseJws() then verifyJwsSignature(): the verified JWS, or the first failure.
model::Result<ParsedJws> verifyJws(std::string_view compact, const JwsKey& key,
                                   const JwsLimits& limits = {});

// The compact JWS of `payload` with the protected header {"alg": <key's alg>, "typ": "JWT"}.
// 4000 "token.cannot_sign" when the key holds no private part; 5000 "token.sign_failed" when
// OpenSSL fails.
model::Result<std::string> signJws(std::string_view payload, const JwsKey& key);

// The raw JWS signature of `signing_input` (64-byte R||S for ES256, 32-byte tag for HS256).
// For tools and tests that assemble unusual headers; errors as signJws().
model::Result<std::string> jwsSignature(std::string_view signing_input, const JwsKey& key);

}  // namespace citadel::security::token
