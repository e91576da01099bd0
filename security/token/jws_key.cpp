#include "security/token/jws_key.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "cse/codec/text.h"
#include "security/token/base64url.h"
#include "security/token/jws_key_material.h"

namespace citadel::security::token {
namespace {

constexpr size_t kMinSecretBytes = 32;  // RFC 7518 §3.2: at least the hash output size
constexpr size_t kMaxSecretBytes = 1024;
constexpr size_t kMaxPemBytes = 64 << 10;

model::Status badKey(std::string what) {
  // The OpenSSL error queue is per thread; leave nothing behind for the next TLS call on it.
  ERR_clear_error();
  return model::Status::badRequest(std::move(what), "token.bad_key");
}

// Never prompt on a terminal for a passphrase: a CSE has no one to answer.
int refusePassphrase(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*user*/) { return -1; }

bool isP256(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "EC") != 1) {
    return false;
  }
  char group[64] = {};
  size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                     &length) != 1) {
    return false;
  }
  return std::strcmp(group, "prime256v1") == 0 || std::strcmp(group, "P-256") == 0;
}

// Reads the one PEM object in `pem`: a private key, a public key, or a certificate whose public
// key is taken as is. A certificate here is a pinned trust anchor, so no chain is built.
EVP_PKEY* readPem(std::string_view pem, bool* has_private) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) {
    return nullptr;
  }
  EVP_PKEY* pkey = nullptr;
  *has_private = false;
  if (pem.find("-----BEGIN CERTIFICATE-----") != std::string_view::npos) {
    X509* certificate = PEM_read_bio_X509(bio, nullptr, refusePassphrase, nullptr);
    if (certificate != nullptr) {
      pkey = X509_get_pubkey(certificate);
      X509_free(certificate);
    }
  } else if (pem.find("PRIVATE KEY-----") != std::string_view::npos) {
    pkey = PEM_read_bio_PrivateKey(bio, nullptr, refusePassphrase, nullptr);
    *has_private = pkey != nullptr;
  } else {
    pkey = PEM_read_bio_PUBKEY(bio, nullptr, refusePassphrase, nullptr);
  }
  BIO_free(bio);
  return pkey;
}

}  // namespace

std::string_view algorithmName(JwsAlgorithm algorithm) {
  switch (algorithm) {
    case JwsAlgorithm::kEs256:
      return "ES256";
    case JwsAlgorithm::kHs256:
      return "HS256";
  }
  return "";
}

bool JwsKey::canSign() const {
  return algorithm_ == JwsAlgorithm::kHs256 ? !material_->secret.empty() : material_->has_private;
}

model::Result<JwsKey> JwsKey::es256FromPem(std::string_view pem) {
  if (pem.size() > kMaxPemBytes) {
    return badKey("ES256 key: PEM text larger than 64 KiB");
  }
  if (pem.find("ENCRYPTED") != std::string_view::npos) {
    return badKey(
        "ES256 key: encrypted PEM is not supported; store the key unencrypted with "
        "owner-only permissions");
  }
  auto material = std::make_shared<Material>();
  material->pkey = readPem(pem, &material->has_private);
  if (material->pkey == nullptr) {
    return badKey("ES256 key: not a PEM public key, private key or certificate");
  }
  if (!isP256(material->pkey)) {
    return badKey("ES256 key: the key is not an EC key on P-256 (prime256v1)");
  }
  ERR_clear_error();
  return JwsKey(JwsAlgorithm::kEs256, std::move(material));
}

model::Result<JwsKey> JwsKey::es256FromPemFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return badKey("ES256 key file " + path + " cannot be read: " + std::strerror(errno));
  }
  std::string text(kMaxPemBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  auto key = es256FromPem(text);
  OPENSSL_cleanse(text.data(), text.size());  // it may have held a private key
  if (!key.isOk()) {
    return badKey("ES256 key file " + path + ": " + key.status().dbg());
  }
  return key;
}

model::Result<JwsKey> JwsKey::hs256FromSecret(std::string_view secret) {
  if (secret.size() < kMinSecretBytes || secret.size() > kMaxSecretBytes) {
    return badKey("HS256 secret: expected 32..1024 bytes, got " + std::to_string(secret.size()));
  }
  auto material = std::make_shared<Material>();
  material->secret.assign(secret);
  return JwsKey(JwsAlgorithm::kHs256, std::move(material));
}

model::Result<JwsKey> JwsKey::hs256FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return badKey("HS256 secret: hex text of odd length");
  }
  std::string bytes(hex.size() / 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    int high = codec::hexDigitValue(hex[2 * i]);
    int low = codec::hexDigitValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) {
      OPENSSL_cleanse(bytes.data(), bytes.size());
      return badKey("HS256 secret: not hex");
    }
    bytes[i] = static_cast<char>(high * 16 + low);
  }
  auto key = hs256FromSecret(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return key;
}

model::Result<JwsKey> JwsKey::hs256FromBase64(std::string_view text) {
  std::optional<std::string> bytes = decodeBase64Lenient(text);
  if (!bytes) {
    return badKey("HS256 secret: not base64");
  }
  auto key = hs256FromSecret(*bytes);
  OPENSSL_cleanse(bytes->data(), bytes->size());
  return key;
}

}  // namespace citadel::security::token
