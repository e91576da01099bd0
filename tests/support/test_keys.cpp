#include "tests/support/test_keys.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace citadel::testing {
namespace {

std::string drain(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<size_t>(length));
  BIO_free(bio);
  return text;
}

}  // namespace

PemPair generateKeyPem(const char* type, const char* curve) {
  EVP_PKEY* pkey = std::string(type) == "RSA"
                       ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048})
                       : EVP_PKEY_Q_keygen(nullptr, nullptr, type, curve);
  EXPECT_NE(pkey, nullptr) << type;
  if (pkey == nullptr) return {};
  BIO* private_bio = BIO_new(BIO_s_mem());
  BIO* public_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(private_bio, pkey, nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_PUBKEY(public_bio, pkey);
  EVP_PKEY_free(pkey);
  return {drain(private_bio), drain(public_bio)};
}

}  // namespace citadel::testing
