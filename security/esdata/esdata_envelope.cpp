#include "security/esdata/esdata_envelope.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "bindings/tls/peer_identity.h"
#include "cse/random/random_id.h"
#include "security/jose/aes_gcm.h"
#include "security/jose/gcm_iv.h"
#include "security/jose/compact.h"
#include "security/token/base64url.h"
#include "security/token/jws.h"
#include "security/token/strict_json.h"

namespace citadel::security::esdata {
namespace {

using model::Json;
using model::Result;
using model::Rsc;
using model::Status;

constexpr size_t kMaxHeaderBytes = 16 << 10;  // an x5c chain of a few certificates
constexpr int kMaxHeaderDepth = 3;            // {"x5c": [...]} is depth 2
constexpr size_t kMaxChainCertificates = 4;

Status malformed(const std::string& why) {
  return Status::badRequest("ESData envelope: " + why, "esdata.malformed");
}
Status refused(const std::string& why, std::string_view reason) {
  return Status(Rsc::kOriginatorHasNoPrivilege, "ESData envelope: " + why, reason);
}
Status badOption(const std::string& why) {
  return Status::badRequest("ESData: " + why, "esdata.bad_option");
}

size_t gcmKeyBytes(std::string_view enc) {
  return enc == "A128GCM" ? 16 : enc == "A256GCM" ? 32 : 0;
}
size_t wrapKeyBytes(std::string_view alg) {
  return alg == "A128KW" ? 16 : alg == "A256KW" ? 32 : 0;
}

// The header of an envelope part: one flat JSON object (x5c aside) without crit.
Result<Json> decodeHeader(std::string_view encoded) {
  std::optional<std::string> text = token::decodeBase64Url(encoded);
  if (!text || text->size() > kMaxHeaderBytes) {
    return malformed("the protected header is not base64url or is over 16 KiB");
  }
  Json header = token::parseStrictJsonObject(*text, kMaxHeaderDepth);
  if (!header.is_object() || !header.contains("alg") || !header["alg"].is_string()) {
    return malformed("the protected header is not a JSON object with a string alg");
  }
  if (header.contains("crit")) return refused("crit is not understood", "esdata.unsupported");
  for (const char* name : {"kid", "enc", "cty", "typ"}) {
    if (header.contains(name) && !header[name].is_string()) {
      return malformed(std::string(name) + " must be a string");
    }
  }
  return header;
}

const SymmetricKey* keyFor(const OpenOptions& options, const Json& header) {
  if (!header.contains("kid")) return nullptr;
  const std::string& kid = header["kid"].get_ref<const std::string&>();
  const SymmetricKey* found = nullptr;
  for (const SymmetricKey& key : options.keys) {
    bool same = key.kid.size() == kid.size() &&
                CRYPTO_memcmp(key.kid.data(), kid.data(), kid.size()) == 0;
    if (same) found = &key;
  }
  return found;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The certificates of a PEM chain file, DER each; empty when none can be read.
std::vector<std::string> derChain(const std::string& path) {
  std::vector<std::string> chain;
  std::string pem = readFile(path);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  while (bio && chain.size() < kMaxChainCertificates) {
    X509* certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (certificate == nullptr) break;
    unsigned char* der = nullptr;
    int length = i2d_X509(certificate, &der);
    if (length > 0) chain.emplace_back(reinterpret_cast<char*>(der), static_cast<size_t>(length));
    OPENSSL_free(der);
    X509_free(certificate);
  }
  return chain;
}

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

X509Ptr fromDer(const std::string& der) {
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  return X509Ptr(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())), &X509_free);
}

// The ES256 key of an x5c chain verified against `ca_file`, and the leaf's URI.
Result<std::pair<token::JwsKey, std::string>> verifiedSigner(const Json& x5c,
                                                             const std::string& ca_file) {
  if (ca_file.empty()) {
    return refused("an x5c signature needs trust anchors (ca_file)",
                   "esdata.untrusted_certificate");
  }
  if (!x5c.is_array() || x5c.empty() || x5c.size() > kMaxChainCertificates) {
    return malformed("x5c must be an array of 1..4 certificates");
  }
  std::vector<X509Ptr> chain;
  for (const Json& entry : x5c) {
    std::optional<std::string> der =
        entry.is_string() ? token::decodeBase64Lenient(entry.get_ref<const std::string&>())
                          : std::nullopt;
    X509Ptr certificate = der ? fromDer(*der) : X509Ptr(nullptr, &X509_free);
    if (!certificate) return malformed("an x5c entry is not a base64 DER certificate");
    chain.push_back(std::move(certificate));
  }
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(),
                                                                &X509_STORE_free);
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(
      X509_STORE_CTX_new(), &X509_STORE_CTX_free);
  auto free_stack = [](STACK_OF(X509) * stack) { sk_X509_free(stack); };
  std::unique_ptr<STACK_OF(X509), decltype(free_stack)> untrusted(sk_X509_new_null(),
                                                                   free_stack);
  if (!store || !context || !untrusted ||
      X509_STORE_load_file(store.get(), ca_file.c_str()) != 1) {
    return Status::internal("the ESData trust anchors cannot be loaded", "esdata.anchors");
  }
  for (size_t i = 1; i < chain.size(); ++i) sk_X509_push(untrusted.get(), chain[i].get());
  if (X509_STORE_CTX_init(context.get(), store.get(), chain.front().get(), untrusted.get()) !=
          1 ||
      X509_verify_cert(context.get()) != 1) {
    int error = X509_STORE_CTX_get_error(context.get());
    return refused(std::string("the x5c certificate does not verify: ") +
                       X509_verify_cert_error_string(error),
                   "esdata.untrusted_certificate");
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> pem(BIO_new(BIO_s_mem()), &BIO_free);
  EVP_PKEY* public_key = X509_get0_pubkey(chain.front().get());
  if (!pem || public_key == nullptr || PEM_write_bio_PUBKEY(pem.get(), public_key) != 1) {
    return Status::internal("cannot read the x5c public key", "esdata.anchors");
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(pem.get(), &data);
  auto key = token::JwsKey::es256FromPem(std::string_view(data, static_cast<size_t>(length)));
  if (!key.isOk()) {
    return refused("the x5c certificate's key is not P-256", "esdata.unsupported");
  }
  std::vector<std::string> uris = tls::subjectAltNameUris(chain.front().get());
  return std::make_pair(std::move(key).value(), uris.empty() ? std::string() : uris.front());
}

Result<OpenedValue> openJws(const std::vector<std::string_view>& parts,
                            const OpenOptions& options) {
  CITADEL_ASSIGN_OR_RETURN(Json header, decodeHeader(parts[0]));
  std::optional<std::string> payload = token::decodeBase64Url(parts[1]);
  std::optional<std::string> signature = token::decodeBase64Url(parts[2]);
  if (!payload || !signature) return malformed("a JWS part is not base64url");
  token::ParsedJws jws;
  jws.algorithm = header["alg"].get<std::string>();
  jws.header = header;
  jws.payload = *payload;
  jws.signature = *signature;
  jws.signing_input = std::string(parts[0]) + "." + std::string(parts[1]);
  OpenedValue opened;
  if (jws.algorithm == "HS256") {
    const SymmetricKey* key = keyFor(options, header);
    if (key == nullptr) return refused("no key for the JWS kid", "esdata.unknown_key");
    auto hmac = token::JwsKey::hs256FromSecret(key->key);
    if (!hmac.isOk()) return refused("the kid's key is too short for HS256", "esdata.bad_key");
    if (!token::verifyJwsSignature(jws, hmac.value()).isOk()) {
      return refused("the signature does not verify", "esdata.bad_signature");
    }
    opened.signed_by = "kid:" + key->kid;
  } else if (jws.algorithm == "ES256") {
    if (!header.contains("x5c")) {
      return refused("an ES256 signature must carry its certificate (x5c)",
                     "esdata.untrusted_certificate");
    }
    CITADEL_ASSIGN_OR_RETURN(auto signer, verifiedSigner(header["x5c"], options.ca_file));
    if (!token::verifyJwsSignature(jws, signer.first).isOk()) {
      return refused("the signature does not verify", "esdata.bad_signature");
    }
    opened.signed_by = signer.second;
  } else {
    return refused("JWS alg must be HS256 or ES256", "esdata.unsupported");
  }
  opened.payload = std::move(*payload);
  return opened;
}

Result<OpenedValue> openJwe(const std::vector<std::string_view>& parts,
                            const OpenOptions& options) {
  CITADEL_ASSIGN_OR_RETURN(Json header, decodeHeader(parts[0]));
  std::string alg = header["alg"].get<std::string>();
  std::string enc = header.value("enc", "");
  size_t cek_bytes = gcmKeyBytes(enc);
  if (cek_bytes == 0 || (alg != "dir" && wrapKeyBytes(alg) == 0)) {
    return refused("JWE alg must be dir, A128KW or A256KW and enc A128GCM or A256GCM",
                   "esdata.unsupported");
  }
  const SymmetricKey* key = keyFor(options, header);
  if (key == nullptr) return refused("no key for the JWE kid", "esdata.unknown_key");
  std::optional<std::string> wrapped = token::decodeBase64Url(parts[1]);
  std::optional<std::string> iv = token::decodeBase64Url(parts[2]);
  std::optional<std::string> ciphertext = token::decodeBase64Url(parts[3]);
  std::optional<std::string> tag = token::decodeBase64Url(parts[4]);
  if (!wrapped || !iv || !ciphertext || !tag) return malformed("a JWE part is not base64url");
  std::string cek;
  if (alg == "dir") {
    if (!wrapped->empty()) return malformed("dir has an empty encrypted key");
    if (key->key.size() != cek_bytes) {
      return refused("the kid's key does not fit enc", "esdata.bad_key");
    }
    cek = key->key;
  } else {
    if (key->key.size() != wrapKeyBytes(alg)) {
      return refused("the kid's key does not fit alg", "esdata.bad_key");
    }
    std::optional<std::string> unwrapped = jose::aesKeyUnwrap(key->key, *wrapped);
    if (!unwrapped || unwrapped->size() != cek_bytes) {
      return refused("the content key does not unwrap", "esdata.bad_mac");
    }
    cek = std::move(*unwrapped);
  }
  std::string plaintext;
  jose::GcmOpened result = jose::aesGcmOpen(cek, *iv, parts[0], *ciphertext, *tag, plaintext);
  OPENSSL_cleanse(cek.data(), cek.size());
  if (result != jose::GcmOpened::kOk) {
    return refused("the JWE integrity check failed", "esdata.bad_mac");
  }
  OpenedValue opened;
  if (header.value("cty", "") == "JOSE") {
    // Nested sign-then-encrypt: the plaintext is a JWS, verified as such (no deeper nesting).
    std::vector<std::string_view> inner = jose::splitCompact(plaintext);
    if (inner.size() != 3) return malformed("cty JOSE: the plaintext is not a compact JWS");
    CITADEL_ASSIGN_OR_RETURN(opened, openJws(inner, options));
  } else {
    opened.payload = std::move(plaintext);
  }
  opened.encrypted_with = key->kid;
  return opened;
}

}  // namespace

Result<std::string> encryptValue(std::string_view payload, const EncryptOptions& options,
                                 bool nested_jws) {
  size_t cek_bytes = gcmKeyBytes(options.enc);
  if (cek_bytes == 0) return badOption("enc must be A128GCM or A256GCM");
  std::string cek;
  std::string wrapped;
  if (options.alg == "dir") {
    if (options.key.key.size() != cek_bytes) {
      return badOption("with dir the key must have the size enc asks (16 or 32 bytes)");
    }
    cek = options.key.key;
  } else if (size_t kek_bytes = wrapKeyBytes(options.alg); kek_bytes != 0) {
    if (options.key.key.size() != kek_bytes) {
      return badOption(options.alg + " needs a key of " + std::to_string(kek_bytes) + " bytes");
    }
    cek.resize(cek_bytes);
    random::fillRandom(cek.data(), cek.size());
    std::optional<std::string> result = jose::aesKeyWrap(options.key.key, cek);
    if (!result) return Status::internal("the key wrap failed", "esdata.encrypt_failed");
    wrapped = std::move(*result);
  } else {
    return badOption("alg must be dir, A128KW or A256KW");
  }
  if (options.key.kid.empty()) return badOption("the key needs a kid");
  Json header = {{"alg", options.alg}, {"enc", options.enc}, {"kid", options.key.kid}};
  if (nested_jws) header["cty"] = "JOSE";
  std::string encoded_header = token::encodeBase64Url(header.dump());
  std::string iv = jose::randomGcmIv();
  auto sealed = jose::aesGcmSeal(cek, iv, encoded_header, payload);
  OPENSSL_cleanse(cek.data(), cek.size());
  if (!sealed) return Status::internal("the encryption failed", "esdata.encrypt_failed");
  return encoded_header + "." + token::encodeBase64Url(wrapped) + "." +
         token::encodeBase64Url(iv) + "." + token::encodeBase64Url(sealed->ciphertext) + "." +
         token::encodeBase64Url(sealed->tag);
}

Result<std::string> signValue(std::string_view payload, const SignOptions& options) {
  Json header;
  std::optional<token::JwsKey> key;
  if (options.hmac) {
    auto hmac = token::JwsKey::hs256FromSecret(options.hmac->key);
    if (!hmac.isOk() || options.hmac->kid.empty()) {
      return Status::badRequest("ESData: an HS256 key has a kid and at least 32 bytes",
                                "esdata.bad_key");
    }
    key = std::move(hmac).value();
    header = {{"alg", "HS256"}, {"kid", options.hmac->kid}};
  } else {
    auto es256 = token::JwsKey::es256FromPemFile(options.private_key_file);
    std::vector<std::string> chain = derChain(options.certificate_file);
    if (!es256.isOk() || !es256.value().canSign() || chain.empty()) {
      return Status::badRequest("ESData: cannot sign with " + options.private_key_file +
                                    " and the certificate " + options.certificate_file +
                                    " (a P-256 private key and a PEM chain)",
                                "esdata.bad_key");
    }
    key = std::move(es256).value();
    Json x5c = Json::array();
    for (const std::string& der : chain) x5c.push_back(token::encodeBase64(der));
    header = {{"alg", "ES256"}, {"x5c", x5c}};
  }
  std::string signing_input =
      token::encodeBase64Url(header.dump()) + "." + token::encodeBase64Url(payload);
  CITADEL_ASSIGN_OR_RETURN(std::string signature, token::jwsSignature(signing_input, *key));
  return signing_input + "." + token::encodeBase64Url(signature);
}

Result<std::string> signThenEncrypt(std::string_view payload, const SignOptions& sign,
                                    const EncryptOptions& encrypt) {
  CITADEL_ASSIGN_OR_RETURN(std::string jws, signValue(payload, sign));
  return encryptValue(jws, encrypt, true);
}

Result<OpenedValue> openValue(std::string_view envelope, const OpenOptions& options) {
  if (envelope.size() > kMaxEnvelopeBytes) return malformed("over 1 MiB");
  std::vector<std::string_view> parts = jose::splitCompact(envelope);
  Result<OpenedValue> opened = parts.size() == 5   ? openJwe(parts, options)
                               : parts.size() == 3 ? openJws(parts, options)
                                                   : Result<OpenedValue>(malformed(
                                                         "not a compact JWS (3 parts) or JWE "
                                                         "(5 parts)"));
  if (opened.isOk() && options.require_signature && opened.value().signed_by.empty()) {
    return refused("a signature is required and the envelope has none", "esdata.unsigned");
  }
  return opened;
}

}  // namespace citadel::security::esdata
