#pragma once
// AES-GCM and AES Key Wrap as JWE uses them (RFC 7518 §5.3, §4.4): a 96-bit IV, a 128-bit tag,
// the ASCII of the encoded protected header as AAD; a 64-bit-block key wrap of the content
// encryption key. Shared by the ESPrim object (security/esprim) and ESData envelopes
// (security/esdata). Pure functions on OpenSSL EVP; nothing here logs or keeps a key.

#include <optional>
#include <string>
#include <string_view>

namespace citadel::security::jose {

inline constexpr size_t kGcmIvBytes = 12;
inline constexpr size_t kGcmTagBytes = 16;

struct GcmSealed {
  std::string ciphertext;
  std::string tag;  // kGcmTagBytes
};

// Encrypts with a 16, 24 or 32-byte key. nullopt on a wrong key or IV length or an OpenSSL
// failure.
std::optional<GcmSealed> aesGcmSeal(std::string_view key, std::string_view iv,
                                    std::string_view aad, std::string_view plaintext);

enum class GcmOpened { kOk, kBadTag, kFailed };

// Decrypts into `plaintext` (left empty unless kOk). kBadTag when the tag does not verify (the
// key, IV, AAD or ciphertext differ from the sealing); kFailed on wrong lengths or OpenSSL
// failures.
GcmOpened aesGcmOpen(std::string_view key, std::string_view iv, std::string_view aad,
                     std::string_view ciphertext, std::string_view tag, std::string& plaintext);

// RFC 3394 key wrap with a 16 or 32-byte key-encryption key (JWE A128KW / A256KW). nullopt on
// wrong lengths (the wrapped key must be a multiple of 8 bytes, at least 16) or, when
// unwrapping, an integrity failure (the wrong key-encryption key or a changed wrapped key).
std::optional<std::string> aesKeyWrap(std::string_view kek, std::string_view key);
std::optional<std::string> aesKeyUnwrap(std::string_view kek, std::string_view wrapped);

}  // namespace citadel::security::jose
