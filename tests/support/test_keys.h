#pragma once
// Fresh key pairs for token tests, as PEM. Generated per test: no keys are checked in.

#include <string>

namespace citadel::testing {

struct PemPair {
  std::string private_pem;
  std::string public_pem;
};

// A key of `type` ("EC" with a curve name such as "P-256", or "RSA": 2048 bits, `curve` unused).
// Records a gtest failure and returns empty PEM when OpenSSL cannot make one.
PemPair generateKeyPem(const char* type, const char* curve = nullptr);
inline PemPair generateP256() { return generateKeyPem("EC", "P-256"); }

}  // namespace citadel::testing
