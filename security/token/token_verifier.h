#pragma once
// Validating a oneM2M JWT for an access decision (TS-0003 §7.3.2.6.3 "Validating a oneM2M
// JWT" and §7.3.2.5), in the spec's order; the first failure is the answer:
//   1. syntax: a JWS compact serialization          4000 token.too_large / token.malformed,
//                                                   4103 token.jwe_unsupported /
//                                                   token.crit_unsupported / token.bad_header
//   2. security: the issuer is trusted, and the     4103 token.untrusted_issuer,
//      signature verifies with its pinned key       token.alg_mismatch, token.bad_signature
//   3. claims → claim set (typed, strict)           4103 token.missing_claim / token.bad_claim /
//                                                   token.claim_too_large
//   4. validity window: nbf <= now < exp            4103 token.not_yet_valid / token.expired
//   5. audience, when present, names this CSE       4103 token.wrong_audience
//   6. holder == the originator                     4103 token.wrong_holder
// (Reasons are Status::reason; denials carry no detail in dbg.)
//
// Steps 1–3 are cached by a digest of the whole token (verification_cache.h); steps 4–6 run on
// every call. Thread-safe: verify() may be called from any number of workers at once.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include "cse/model/clock.h"
#include "cse/model/status.h"
#include "resources/cse_identity.h"
#include "security/token/jws.h"
#include "security/token/token_claims.h"
#include "security/token/trusted_issuers.h"
#include "security/token/verification_cache.h"

namespace citadel::security::token {

struct TokenVerifierOptions {
  size_t cache_capacity = 4096;        // verified tokens remembered; 0 disables the cache
  std::chrono::seconds clock_skew{0};  // tolerance on nbf and exp for issuers whose clocks drift
  bool require_audience = false;       // TS-0004 makes aud optional; true refuses tokens
                                       // without one (token.wrong_audience)
  JwsLimits jws_limits;
  TokenClaimLimits claim_limits;
};

struct VerifiedToken {
  std::shared_ptr<const TokenClaims> claims;  // never null on success; shared with the cache
  bool from_cache = false;                    // the signature was verified on an earlier call
};

class TokenVerifier {
 public:
  // `clock` must outlive the verifier.
  TokenVerifier(TrustedIssuers issuers, const model::Clock& clock,
                TokenVerifierOptions options = {});

  // Validates `token` (compact JWS text) for a request from `originator` (any AE-ID / CSE-ID
  // form) to `this_cse`. Audience entries and the holder are compared in absolute form
  // ("/id-in" and "//sp/id-in" are the same CSE); audience entries may use '*' wildcards.
  model::Result<VerifiedToken> verify(std::string_view token,
                                      const resources::CseIdentity& this_cse,
                                      std::string_view originator) const;

  // How many signatures have been checked (cache misses that reached step 2). For metrics and
  // for tests that show a repeated token skips the cryptography.
  uint64_t signatureChecks() const { return signature_checks_.load(); }
  size_t cachedTokens() const { return cache_.size(); }

 private:
  model::Result<std::shared_ptr<const TokenClaims>> verifySignedClaims(
      std::string_view token) const;
  model::Status checkValidity(const TokenClaims& claims) const;

  const TrustedIssuers issuers_;
  const model::Clock& clock_;
  const TokenVerifierOptions options_;
  mutable VerificationCache cache_;
  mutable std::atomic<uint64_t> signature_checks_{0};
};

}  // namespace citadel::security::token
