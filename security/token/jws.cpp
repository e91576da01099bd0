#include "security/token/jws.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <memory>

#include "security/token/base64url.h"
#include "security/token/jws_key_material.h"
#include "security/token/strict_json.h"

namespace citadel::security::token {
namespace {

using model::Result;
using model::Status;

constexpr size_t kEs256CoordinateBytes = 32;  // RFC 7518 §3.4: R and S, 32 bytes each
constexpr size_t kHs256TagBytes = 32;

Status malformed(std::string dbg) { return Status::badRequest(std::move(dbg), "token.malformed"); }

Status refused(std::string_view reason) {
  ERR_clear_error();  // leave the per-thread OpenSSL error queue clean for TLS
  return Status::noPrivilege(reason);
}

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct EcdsaSigFree {
  void operator()(ECDSA_SIG* sig) const { ECDSA_SIG_free(sig); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, EcdsaSigFree>;

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? char(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? char(b[i] - 'A' + 'a') : b[i];
    if (x != y) {
      return false;
    }
  }
  return true;
}

// RFC 7515 §4.1: the header checks that need no key.
Status checkHeader(const model::Json& header) {
  if (header.contains("crit")) {
    return Status::noPrivilege("token.crit_unsupported");
  }
  // TS-0003 §7.3.2.6.2: a signed oneM2M JWT has typ "JWT" and no cty; a cty would announce a
  // nested token we do not unwrap. typ is optional in RFC 7519 §5.1, so its absence is fine;
  // its value is a media type, compared case-insensitively, "application/" optional.
  if (header.contains("cty")) {
    return Status::noPrivilege("token.bad_header");
  }
  if (auto typ = header.find("typ"); typ != header.end()) {
    if (!typ->is_string() ||
        !(equalsIgnoreCase(typ->get_ref<const std::string&>(), "JWT") ||
          equalsIgnoreCase(typ->get_ref<const std::string&>(), "application/jwt"))) {
      return Status::noPrivilege("token.bad_header");
    }
  }
  // jwk, jku, x5u, x5c and kid are ignored on purpose: the key comes from configuration, never
  // from the token (RFC 8725 §3.10 on fetching keys an attacker names).
  return {};
}

Status verifyEs256(const ParsedJws& jws, EVP_PKEY* pkey) {
  if (jws.signature.size() != 2 * kEs256CoordinateBytes) {
    return refused("token.bad_signature");  // truncated, padded or DER-encoded
  }
  // OpenSSL verifies DER-encoded ECDSA-Sig-Value; JWS carries R||S. Re-encode.
  EcdsaSig sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(bytes(jws.signature), kEs256CoordinateBytes, nullptr);
  BIGNUM* s =
      BN_bin2bn(bytes(jws.signature) + kEs256CoordinateBytes, kEs256CoordinateBytes, nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return refused("token.bad_signature");
  }
  unsigned char* der = nullptr;
  int der_length = i2d_ECDSA_SIG(sig.get(), &der);
  if (der_length <= 0) {
    return refused("token.bad_signature");
  }
  MdCtx ctx(EVP_MD_CTX_new());
  bool verified = ctx &&
                  EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey) == 1 &&
                  EVP_DigestVerify(ctx.get(), der, static_cast<size_t>(der_length),
                                   bytes(jws.signing_input), jws.signing_input.size()) == 1;
  OPENSSL_free(der);
  return verified ? Status() : refused("token.bad_signature");
}

Result<std::string> hmacSha256(std::string_view secret, std::string_view data) {
  unsigned char tag[EVP_MAX_MD_SIZE];
  unsigned int tag_length = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), bytes(data), data.size(),
           tag, &tag_length) == nullptr ||
      tag_length != kHs256TagBytes) {
    ERR_clear_error();
    return Status::internal("HMAC-SHA-256 failed", "token.sign_failed");
  }
  return std::string(reinterpret_cast<const char*>(tag), tag_length);
}

Status verifyHs256(const ParsedJws& jws, const std::string& secret) {
  if (jws.signature.size() != kHs256TagBytes) {
    return refused("token.bad_signature");
  }
  auto expected = hmacSha256(secret, jws.signing_input);
  if (!expected.isOk()) {
    return refused("token.bad_signature");
  }
  // Constant time: a byte-by-byte early exit would let a forger learn the tag byte by byte.
  bool same = CRYPTO_memcmp(expected.value().data(), jws.signature.data(), kHs256TagBytes) == 0;
  OPENSSL_cleanse(expected.value().data(), expected.value().size());
  return same ? Status() : refused("token.bad_signature");
}

Result<std::string> signEs256(std::string_view signing_input, EVP_PKEY* pkey) {
  MdCtx ctx(EVP_MD_CTX_new());
  size_t der_length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &der_length, bytes(signing_input), signing_input.size()) !=
          1) {
    ERR_clear_error();
    return Status::internal("ES256 signing failed", "token.sign_failed");
  }
  std::string der(der_length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &der_length,
                     bytes(signing_input), signing_input.size()) != 1) {
    ERR_clear_error();
    return Status::internal("ES256 signing failed", "token.sign_failed");
  }
  const unsigned char* cursor = bytes(der);
  EcdsaSig sig(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der_length)));
  std::string raw(2 * kEs256CoordinateBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (!sig || BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, kEs256CoordinateBytes) < 0 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + kEs256CoordinateBytes,
                   kEs256CoordinateBytes) < 0) {
    ERR_clear_error();
    return Status::internal("ES256 signing failed", "token.sign_failed");
  }
  return raw;
}

}  // namespace

Result<ParsedJws> parseJws(std::string_view compact, const JwsLimits& limits) {
  if (compact.size() > limits.max_token_bytes) {
    return Status::badRequest(
        "token larger than " + std::to_string(limits.max_token_bytes) + " bytes",
        "token.too_large");
  }
  size_t dots = static_cast<size_t>(std::count(compact.begin(), compact.end(), '.'));
  if (dots == 4) {
    return Status::noPrivilege("token.jwe_unsupported");  // RFC 7516 §7.1: five parts
  }
  if (dots != 2) {
    return malformed("token: a compact JWS has exactly three parts");
  }
  size_t first = compact.find('.');
  size_t second = compact.find('.', first + 1);
  std::string_view header_text = compact.substr(0, first);
  std::string_view payload_text = compact.substr(first + 1, second - first - 1);
  std::string_view signature_text = compact.substr(second + 1);
  // Check the size before decoding: base64url grows 3 bytes into 4 characters.
  if (header_text.size() > (limits.max_header_bytes * 4 + 2) / 3) {
    return Status::badRequest(
        "token header larger than " + std::to_string(limits.max_header_bytes) + " bytes",
        "token.too_large");
  }
  auto header_bytes = decodeBase64Url(header_text);
  auto payload = decodeBase64Url(payload_text);
  auto signature = decodeBase64Url(signature_text);
  if (!header_bytes || !payload || !signature) {
    return malformed("token: each part must be base64url without padding");
  }
  ParsedJws jws;
  jws.header = parseStrictJsonObject(*header_bytes, limits.max_json_depth);
  if (!jws.header.is_object()) {
    return malformed("token: the JOSE header must be a JSON object");
  }
  auto alg = jws.header.find("alg");
  if (alg == jws.header.end() || !alg->is_string()) {
    return malformed("token: the JOSE header needs a string 'alg'");
  }
  CITADEL_RETURN_IF_ERROR(checkHeader(jws.header));
  jws.algorithm = alg->get<std::string>();
  jws.payload = std::move(*payload);
  jws.signature = std::move(*signature);
  jws.signing_input.assign(compact.substr(0, second));
  return jws;
}

Status verifyJwsSignature(const ParsedJws& jws, const JwsKey& key) {
  // The key decides the algorithm; the header only has to agree (RFC 8725 §3.1). This one
  // comparison refuses "none", "HS256" against an EC key, and any algorithm we do not know.
  if (jws.algorithm != algorithmName(key.algorithm())) {
    return Status::noPrivilege("token.alg_mismatch");
  }
  switch (key.algorithm()) {
    case JwsAlgorithm::kEs256:
      return verifyEs256(jws, key.material().pkey);
    case JwsAlgorithm::kHs256:
      return verifyHs256(jws, key.material().secret);
  }
  return Status::noPrivilege("token.alg_mismatch");
}

Result<ParsedJws> verifyJws(std::string_view compact, const JwsKey& key, const JwsLimits& limits) {
  CITADEL_ASSIGN_OR_RETURN(ParsedJws jws, parseJws(compact, limits));
  CITADEL_RETURN_IF_ERROR(verifyJwsSignature(jws, key));
  return jws;
}

Result<std::string> jwsSignature(std::string_view signing_input, const JwsKey& key) {
  if (!key.canSign()) {
    return Status::badRequest("the key has no private part and cannot sign", "token.cannot_sign");
  }
  switch (key.algorithm()) {
    case JwsAlgorithm::kEs256:
      return signEs256(signing_input, key.material().pkey);
    case JwsAlgorithm::kHs256:
      return hmacSha256(key.material().secret, signing_input);
  }
  return Status::internal("unknown algorithm", "token.sign_failed");
}

Result<std::string> signJws(std::string_view payload, const JwsKey& key) {
  model::Json header = {{"alg", std::string(algorithmName(key.algorithm()))}, {"typ", "JWT"}};
  std::string signing_input = encodeBase64Url(header.dump()) + "." + encodeBase64Url(payload);
  CITADEL_ASSIGN_OR_RETURN(std::string signature, jwsSignature(signing_input, key));
  return signing_input + "." + encodeBase64Url(signature);
}

}  // namespace citadel::security::token
