#include "security/token/token_verifier.h"

#include "security/originator_id.h"

namespace citadel::security::token {
namespace {

using model::Json;
using model::Result;
using model::Status;

// TS-0003 §7.3.2.5: "if aud is present, this CSE's CSE-ID matches one entry". Both sides in
// absolute form; '*' stops at '/' as in acor matching.
bool audienceNamesThisCse(const std::vector<std::string>& audience,
                          const resources::CseIdentity& this_cse) {
  const std::string this_cse_absolute = absoluteId(this_cse.cse_id, this_cse);
  for (const std::string& entry : audience) {
    if (wildcardMatch(absoluteId(entry, this_cse), this_cse_absolute)) {
      return true;
    }
  }
  return false;
}

}  // namespace

TokenVerifier::TokenVerifier(TrustedIssuers issuers, const model::Clock& clock,
                             TokenVerifierOptions options)
    : issuers_(std::move(issuers)),
      clock_(clock),
      options_(std::move(options)),
      cache_(options_.cache_capacity) {}

Result<std::shared_ptr<const TokenClaims>> TokenVerifier::verifySignedClaims(
    std::string_view token) const {
  CITADEL_ASSIGN_OR_RETURN(ParsedJws jws, parseJws(token, options_.jws_limits));
  CITADEL_ASSIGN_OR_RETURN(Json claim_set, parseClaimSetObject(jws.payload, options_.claim_limits));
  // The unverified "iss" only chooses the key; nothing else is read before the signature.
  auto issuer = claim_set.find("iss");
  if (issuer == claim_set.end()) {
    return Status{model::Rsc::kOriginatorHasNoPrivilege, "token claim 'iss' is mandatory",
                  "token.missing_claim"};
  }
  const JwsKey* key =
      issuer->is_string() ? issuers_.find(issuer->get_ref<const std::string&>()) : nullptr;
  if (key == nullptr) {
    return Status::noPrivilege("token.untrusted_issuer");
  }
  signature_checks_.fetch_add(1, std::memory_order_relaxed);
  CITADEL_RETURN_IF_ERROR(verifyJwsSignature(jws, *key));
  CITADEL_ASSIGN_OR_RETURN(TokenClaims claims,
                           tokenClaimsFromJson(claim_set, options_.claim_limits));
  return std::make_shared<const TokenClaims>(std::move(claims));
}

Status TokenVerifier::checkValidity(const TokenClaims& claims) const {
  const model::TimePoint now = clock_.now();
  // RFC 7519 §4.1.4/§4.1.5: valid from nbf on, and no longer valid at exp.
  if (now + options_.clock_skew < claims.not_before) {
    return Status::noPrivilege("token.not_yet_valid");
  }
  if (now - options_.clock_skew >= claims.not_after) {
    return Status::noPrivilege("token.expired");
  }
  return {};
}

Result<VerifiedToken> TokenVerifier::verify(std::string_view token,
                                            const resources::CseIdentity& this_cse,
                                            std::string_view originator) const {
  // Refuse oversized text before hashing it.
  if (token.size() > options_.jws_limits.max_token_bytes) {
    return Status::badRequest(
        "token larger than " + std::to_string(options_.jws_limits.max_token_bytes) + " bytes",
        "token.too_large");
  }
  VerifiedToken verified;
  std::optional<TokenDigest> digest = digestToken(token);
  if (digest) {
    verified.claims = cache_.find(*digest);
    verified.from_cache = verified.claims != nullptr;
  }
  if (!verified.claims) {
    CITADEL_ASSIGN_OR_RETURN(verified.claims, verifySignedClaims(token));
  }
  const TokenClaims& claims = *verified.claims;
  Status valid = checkValidity(claims);
  if (!valid.isOk()) {
    if (verified.from_cache && valid.reason() == "token.expired") {
      cache_.erase(*digest);  // it will never be valid again
    }
    return valid;
  }
  if (claims.audience ? !audienceNamesThisCse(*claims.audience, this_cse)
                      : options_.require_audience) {
    return Status::noPrivilege("token.wrong_audience");
  }
  // TS-0003 §7.3.2.5: the holder must be the originator, exactly, once both are absolute.
  if (absoluteId(claims.holder, this_cse) != absoluteId(originator, this_cse)) {
    return Status::noPrivilege("token.wrong_holder");
  }
  // Cache only tokens that passed every check once, so that tokens for other CSEs or other
  // holders cannot crowd out the ones in use.
  if (digest && !verified.from_cache) {
    cache_.insert(*digest, verified.claims);
  }
  return verified;
}

}  // namespace citadel::security::token
