#include "security/esprim/session_key.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace citadel::security::esprim {

using model::Result;
using model::Status;

Result<std::string> hmacSha256(std::string_view key, std::string_view data) {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(),
           reinterpret_cast<unsigned char*>(out.data()), &length) == nullptr ||
      length != kSessionKeyBytes) {
    return Status::internal("HMAC-SHA-256 failed", "esprim.hmac_failed");
  }
  out.resize(length);
  return out;
}

Result<std::string> deriveSessionKey(std::string_view pairwise_key,
                                     const ReceiverRandObject& receiver,
                                     const OriginatorRandObject& originator, int key_gen_alg) {
  if (key_gen_alg != kKeyGenHmacSha256) {
    return Status(model::Rsc::kEsprimUnsupportedOption,
                  "esprimKeyGenAlgID " + std::to_string(key_gen_alg) +
                      " is not supported; this CSE supports 1 (HMAC-SHA256)",
                  "esprim.unsupported_key_gen");
  }
  std::string input = canonicalBytes(receiver);
  input += canonicalBytes(originator);
  input += kSessionKeyLabel;
  return hmacSha256(pairwise_key, input);
}

int protocolAlgIdOf(std::string_view enc) {
  if (enc == "A128GCM") return kJweA128Gcm;
  if (enc == "A192GCM") return kJweA192Gcm;
  if (enc == "A256GCM") return kJweA256Gcm;
  return 0;
}

Result<std::string> contentEncryptionKey(std::string_view session_key, std::string_view enc) {
  size_t bytes = 0;
  switch (protocolAlgIdOf(enc)) {
    case kJweA128Gcm: bytes = 16; break;
    case kJweA192Gcm: bytes = 24; break;
    case kJweA256Gcm: bytes = 32; break;
    default:
      return Status(model::Rsc::kEsprimUnsupportedOption,
                    "JWE enc must be A128GCM, A192GCM or A256GCM",
                    "esprim.unsupported_enc");
  }
  if (session_key.size() != kSessionKeyBytes) {
    return Status::internal("the sessionESPrimKey is not 32 bytes", "esprim.session_key_size");
  }
  return std::string(session_key.substr(0, bytes));
}

}  // namespace citadel::security::esprim
