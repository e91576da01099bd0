#pragma once
// The inside of a JwsKey, shared by jws_key.cpp (which builds it) and jws.cpp (which signs and
// verifies with it). Not part of the token library's interface.

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <string>

#include "security/token/jws_key.h"

namespace citadel::security::token {

struct JwsKey::Material {
  EVP_PKEY* pkey = nullptr;  // owned; ES256 only
  bool has_private = false;  // ES256: the key can sign
  std::string secret;        // HS256 only; wiped on destruction

  Material() = default;
  Material(const Material&) = delete;
  Material& operator=(const Material&) = delete;
  ~Material() {
    EVP_PKEY_free(pkey);
    OPENSSL_cleanse(secret.data(), secret.size());
  }
};

}  // namespace citadel::security::token
