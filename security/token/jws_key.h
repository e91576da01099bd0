#pragma once
// A key for JWS (RFC 7515) together with the one algorithm it may be used with (RFC 7518 §3).
// Pinning the algorithm to the key is what defeats "alg": "none" and algorithm confusion: a
// verifier never asks the token which algorithm to use, it asks the key (RFC 8725 §3.1).
//
// Keys are immutable and cheap to copy (the material is shared); a JwsKey may be used from any
// number of threads at once. Error messages never contain key material.

#include <memory>
#include <string>
#include <string_view>

#include "cse/model/status.h"

namespace citadel::security::token {

enum class JwsAlgorithm {
  kEs256,  // ECDSA on P-256 with SHA-256 (RFC 7518 §3.4)
  kHs256,  // HMAC with SHA-256 (RFC 7518 §3.2)
};

// The registered "alg" name: "ES256", "HS256".
std::string_view algorithmName(JwsAlgorithm algorithm);

class JwsKey {
 public:
  // A P-256 key from PEM text: a public key ("PUBLIC KEY", verify only) or a private key
  // ("PRIVATE KEY" / "EC PRIVATE KEY", sign and verify). Encrypted PEM is refused (there is
  // no one to type a passphrase). 4000 "token.bad_key" when unreadable or not on P-256.
  static model::Result<JwsKey> es256FromPem(std::string_view pem);
  // es256FromPem on the contents of `path` (at most 64 KiB); the message names the path.
  static model::Result<JwsKey> es256FromPemFile(const std::string& path);
  // An HMAC secret of raw bytes. RFC 7518 §3.2 requires at least 32 bytes (the hash size);
  // at most 1024. 4000 "token.bad_key" otherwise.
  static model::Result<JwsKey> hs256FromSecret(std::string_view secret);
  // The secret as hex (upper or lower case) or as base64 (standard or URL-safe alphabet,
  // padding optional), as written in configuration.
  static model::Result<JwsKey> hs256FromHex(std::string_view hex);
  static model::Result<JwsKey> hs256FromBase64(std::string_view text);

  JwsAlgorithm algorithm() const { return algorithm_; }
  // True when the key can sign: an HMAC secret, or an EC private key.
  bool canSign() const;

  // For jws.cpp only: the OpenSSL EVP_PKEY* (ES256) or the secret bytes (HS256). Kept opaque
  // so that headers including this one need no OpenSSL.
  struct Material;
  const Material& material() const { return *material_; }

 private:
  JwsKey(JwsAlgorithm algorithm, std::shared_ptr<const Material> material)
      : algorithm_(algorithm), material_(std::move(material)) {}

  JwsAlgorithm algorithm_;
  std::shared_ptr<const Material> material_;
};

}  // namespace citadel::security::token
