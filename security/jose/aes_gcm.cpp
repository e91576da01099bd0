#include "security/jose/aes_gcm.h"

#include <openssl/evp.h>

#include <memory>

namespace citadel::security::jose {
namespace {

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// The three ciphers, fetched from the default provider once. EVP_aes_256_gcm() and the like are
// "implicit fetch" handles: every EVP_*Init_ex given one looks the provider implementation up
// again under a lock, which cost more than sealing a small primitive (issue 16's benchmark).
struct GcmCiphers {
  GcmCiphers()
      : aes128(EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr)),
        aes192(EVP_CIPHER_fetch(nullptr, "AES-192-GCM", nullptr)),
        aes256(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr)) {}
  GcmCiphers(const GcmCiphers&) = delete;
  GcmCiphers& operator=(const GcmCiphers&) = delete;
  ~GcmCiphers() {
    EVP_CIPHER_free(aes128);
    EVP_CIPHER_free(aes192);
    EVP_CIPHER_free(aes256);
  }
  EVP_CIPHER* aes128;
  EVP_CIPHER* aes192;
  EVP_CIPHER* aes256;
};

// nullptr for a key of another length, or when the provider has no AES-GCM (the callers then
// fail closed).
const EVP_CIPHER* gcmFor(size_t key_bytes) {
  static const GcmCiphers ciphers;
  switch (key_bytes) {
    case 16: return ciphers.aes128;
    case 24: return ciphers.aes192;
    case 32: return ciphers.aes256;
    default: return nullptr;
  }
}

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

unsigned char* writable(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }

// One EVP wrap or unwrap (RFC 3394, no padding) of `input` under `kek`.
std::optional<std::string> keyWrap(std::string_view kek, std::string_view input, bool wrap) {
  const EVP_CIPHER* cipher = kek.size() == 16   ? EVP_aes_128_wrap()
                             : kek.size() == 32 ? EVP_aes_256_wrap()
                                                : nullptr;
  size_t minimum = wrap ? 16 : 24;
  if (cipher == nullptr || input.size() < minimum || input.size() % 8 != 0) return std::nullopt;
  CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!context) return std::nullopt;
  EVP_CIPHER_CTX_set_flags(context.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  std::string output(input.size() + 8, '\0');
  int length = 0;
  int final_length = 0;
  int ok = wrap ? EVP_EncryptInit_ex(context.get(), cipher, nullptr, bytes(kek), nullptr) == 1 &&
                      EVP_EncryptUpdate(context.get(), writable(output), &length, bytes(input),
                                        static_cast<int>(input.size())) == 1 &&
                      EVP_EncryptFinal_ex(context.get(), writable(output) + length,
                                          &final_length) == 1
                : EVP_DecryptInit_ex(context.get(), cipher, nullptr, bytes(kek), nullptr) == 1 &&
                      EVP_DecryptUpdate(context.get(), writable(output), &length, bytes(input),
                                        static_cast<int>(input.size())) == 1 &&
                      EVP_DecryptFinal_ex(context.get(), writable(output) + length,
                                          &final_length) == 1;
  if (!ok || length <= 0) return std::nullopt;
  output.resize(static_cast<size_t>(length + final_length));
  return output;
}

}  // namespace

std::optional<GcmSealed> aesGcmSeal(std::string_view key, std::string_view iv,
                                    std::string_view aad, std::string_view plaintext) {
  const EVP_CIPHER* cipher = gcmFor(key.size());
  if (cipher == nullptr || iv.size() != kGcmIvBytes) return std::nullopt;
  CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  GcmSealed sealed{std::string(plaintext.size(), '\0'), std::string(kGcmTagBytes, '\0')};
  int length = 0;
  int final_length = 0;
  if (!context || EVP_EncryptInit_ex(context.get(), cipher, nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmIvBytes, nullptr) != 1 ||
      EVP_EncryptInit_ex(context.get(), nullptr, nullptr, bytes(key), bytes(iv)) != 1 ||
      EVP_EncryptUpdate(context.get(), nullptr, &length, bytes(aad),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(context.get(), writable(sealed.ciphertext), &length, bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(context.get(), writable(sealed.ciphertext) + length, &final_length) !=
          1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kGcmTagBytes,
                          sealed.tag.data()) != 1) {
    return std::nullopt;
  }
  sealed.ciphertext.resize(static_cast<size_t>(length + final_length));
  return sealed;
}

GcmOpened aesGcmOpen(std::string_view key, std::string_view iv, std::string_view aad,
                     std::string_view ciphertext, std::string_view tag, std::string& plaintext) {
  plaintext.clear();
  const EVP_CIPHER* cipher = gcmFor(key.size());
  if (cipher == nullptr || iv.size() != kGcmIvBytes || tag.size() != kGcmTagBytes) {
    return GcmOpened::kFailed;
  }
  CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::string out(ciphertext.size(), '\0');
  std::string tag_copy(tag);
  int length = 0;
  if (!context || EVP_DecryptInit_ex(context.get(), cipher, nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmIvBytes, nullptr) != 1 ||
      EVP_DecryptInit_ex(context.get(), nullptr, nullptr, bytes(key), bytes(iv)) != 1 ||
      EVP_DecryptUpdate(context.get(), nullptr, &length, bytes(aad),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(context.get(), writable(out), &length, bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kGcmTagBytes, tag_copy.data()) !=
          1) {
    return GcmOpened::kFailed;
  }
  int final_length = 0;
  if (EVP_DecryptFinal_ex(context.get(), writable(out) + length, &final_length) != 1) {
    return GcmOpened::kBadTag;
  }
  out.resize(static_cast<size_t>(length + final_length));
  plaintext = std::move(out);
  return GcmOpened::kOk;
}

std::optional<std::string> aesKeyWrap(std::string_view kek, std::string_view key) {
  return keyWrap(kek, key, true);
}

std::optional<std::string> aesKeyUnwrap(std::string_view kek, std::string_view wrapped) {
  return keyWrap(kek, wrapped, false);
}

}  // namespace citadel::security::jose
