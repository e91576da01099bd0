// Tokens (security/token/): base64url, the strict JOSE/claims JSON reader, JWS compact
// serialization and oneM2M JWT claims. The first byte picks the layer. JWE (five parts) is not
// implemented: the parser must refuse it with 4103 "token.jwe_unsupported", and that is checked.
// Invariants:
// - decodeBase64Url is canonical: an accepted text re-encodes to exactly itself;
// - parseJws: a rejection is a oneM2M error; an accepted JWS reassembles to the input
//   (signing input '.' base64url(signature)), its alg is the header's "alg" string, and a
//   signature check with an HS256 key the input cannot know fails with 4103;
// - parseTokenClaims: a rejection is 4000/4103; accepted claims survive claims -> JSON -> claims
//   (after one pass rounds nbf/exp down to whole seconds, the pass is the identity).

#include <algorithm>

#include "security/token/base64url.h"
#include "security/token/jws.h"
#include "security/token/jws_key.h"
#include "security/token/strict_json.h"
#include "security/token/token_claims.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;
using namespace citadel::security::token;

namespace {

void checkBase64(std::string_view text) {
  auto decoded = decodeBase64Url(text);
  if (decoded) {
    FUZZ_CHECK(encodeBase64Url(*decoded) == text);
  }
  auto lenient = decodeBase64Lenient(text);
  if (decoded) {
    FUZZ_CHECK(lenient && *lenient == *decoded);
  }
}

void checkJws(std::string_view compact) {
  auto parsed = parseJws(compact);
  if (!parsed.isOk()) {
    fuzz::checkRejection(parsed.status());
    size_t dots = std::count(compact.begin(), compact.end(), '.');
    if (dots == 4 && compact.size() <= JwsLimits{}.max_token_bytes) {
      FUZZ_CHECK(parsed.status().reason() == "token.jwe_unsupported");
    }
    return;
  }
  const ParsedJws& jws = parsed.value();
  FUZZ_CHECK(jws.header.is_object());
  FUZZ_CHECK(jws.header.contains("alg") && jws.header["alg"].is_string());
  FUZZ_CHECK(jws.header["alg"].get<std::string>() == jws.algorithm);
  FUZZ_CHECK(jws.signing_input + "." + encodeBase64Url(jws.signature) == compact);
  static const JwsKey key = JwsKey::hs256FromSecret(std::string(32, 'k')).value();
  model::Status verified = verifyJwsSignature(jws, key);
  fuzz::checkRejection(verified);
  FUZZ_CHECK(verified.rsc() == model::Rsc::kOriginatorHasNoPrivilege);
}

void checkClaims(std::string_view payload) {
  auto claims = parseTokenClaims(payload);
  if (!claims.isOk()) {
    fuzz::checkRejection(claims.status());
    auto rsc = claims.status().rsc();
    FUZZ_CHECK(rsc == model::Rsc::kBadRequest || rsc == model::Rsc::kOriginatorHasNoPrivilege);
    return;
  }
  auto once = tokenClaimsFromJson(tokenClaimsToJson(claims.value()));
  FUZZ_CHECK(once.isOk());
  auto twice = tokenClaimsFromJson(tokenClaimsToJson(once.value()));
  FUZZ_CHECK(twice.isOk());
  FUZZ_CHECK(twice.value() == once.value());
  FUZZ_CHECK(once.value().token_id == claims.value().token_id);
  FUZZ_CHECK(once.value().permissions == claims.value().permissions);
}

void checkStrictJson(std::string_view text) {
  model::Json object = parseStrictJsonObject(text, 8);
  // The flat-object scanner accepts a subset of what the general reader does, identically.
  if (std::optional<model::Json> flat = detail::parseFlatStringObject(text)) {
    FUZZ_CHECK(*flat == detail::parseStrictJsonObjectFully(text, 8));
  }
  if (!object.is_null()) {
    FUZZ_CHECK(object.is_object());
    FUZZ_CHECK(parseStrictJsonObject(object.dump(), 8) == object);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view input = fuzz::asText(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      checkBase64(input);
      break;
    case 1:
      checkJws(input);
      break;
    case 2:
      checkClaims(input);
      break;
    default:
      checkStrictJson(input);
      break;
  }
  return 0;
}
