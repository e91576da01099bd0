#include "security/enrolment/enrolment_keys.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

#include "cse/codec/text.h"
#include "cse/model/suid.h"

namespace citadel::security::enrolment {
namespace {

std::string hmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // HMAC() with a non-null out buffer cannot fail for SHA-256 short of memory exhaustion.
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length);
  std::string result(reinterpret_cast<const char*>(out), length);
  OPENSSL_cleanse(out, sizeof(out));
  return result;
}

model::Status badKey() {
  return model::Status::badRequest("the enrolment key must be 32 bytes", "enrolment.bad_key");
}

// HMAC-SHA-256(Ke, label || parts...): the message is built and wiped here, so that no copy of
// the derivation input outlives the call.
model::Result<std::string> derive(std::string_view ke, std::string_view label,
                                  std::string_view tail) {
  if (ke.size() != kKeyBytes) return badKey();
  std::string message;
  message.reserve(label.size() + tail.size());
  message.append(label).append(tail);
  return hmacSha256(ke, message);
}

}  // namespace

model::Result<EnrolmentKey> splitExportedKey(std::string_view exported) {
  if (exported.size() != kExportedBytes) {
    return model::Status::badRequest("the exported keying material must be 48 bytes",
                                     "enrolment.export_length");
  }
  // TS-0003 §10.3.1: the exporter output is a big-endian octet string, so its most significant
  // bytes come first: RelativeKeID = bytes 0..15, Ke = bytes 16..47.
  return EnrolmentKey{std::string(exported.substr(kRelativeIdBytes)),
                      std::string(exported.substr(0, kRelativeIdBytes))};
}

model::Result<std::string> makeKeyId(std::string_view relative_key_id,
                                     std::string_view mef_fqdn) {
  CITADEL_ASSIGN_OR_RETURN(std::string fqdn, encodeIdentifier(mef_fqdn));
  return toHex(relative_key_id) + "@" + fqdn;
}

model::Result<std::string> encodeIdentifier(std::string_view identifier) {
  if (identifier.empty() || identifier.size() > kMaxIdentifierBytes) {
    return model::Status::badRequest("an identifier must be 1 to 255 bytes",
                                     "enrolment.bad_identifier");
  }
  for (unsigned char c : identifier) {
    // Printable ASCII is already in NFKC; anything else would need a normalizer (README.md).
    if (c < 0x21 || c > 0x7e) {
      return model::Status::badRequest(
          "identifiers must be printable ASCII (non-ASCII needs NFKC, which Citadel refuses)",
          "enrolment.bad_identifier");
    }
  }
  return std::string(identifier);
}

model::Result<std::string> encodeSuid(int suid) {
  if (!model::isSuid(suid)) {
    return model::Status::badRequest("suid " + std::to_string(suid) + " is not an m2m:suid value",
                                     "enrolment.bad_suid");
  }
  return std::to_string(suid);
}

model::Result<std::string> deriveMasterCredential(std::string_view ke, std::string_view maf_id) {
  CITADEL_ASSIGN_OR_RETURN(std::string id, encodeIdentifier(maf_id));
  return derive(ke, kMasterCredentialLabel, id);
}

model::Result<std::string> deriveMafEsprimKey(std::string_view kc) {
  return derive(kc, kMafEsprimLabel, "");
}

model::Result<std::string> deriveProvisionedKey(std::string_view ke,
                                                std::string_view enrolee_b_id) {
  CITADEL_ASSIGN_OR_RETURN(std::string id, encodeIdentifier(enrolee_b_id));
  return derive(ke, kProvisionedKeyLabel, id);
}

model::Result<std::string> deriveUsageConstrainedKey(std::string_view ke, int suid,
                                                     std::string_view target_id) {
  CITADEL_ASSIGN_OR_RETURN(std::string encoded_suid, encodeSuid(suid));
  CITADEL_ASSIGN_OR_RETURN(std::string id, encodeIdentifier(target_id));
  return derive(ke, kUsageConstrainedLabel, encoded_suid + id);
}

model::Result<EndToEndKeys> deriveEndToEndKeys(std::string_view kpsa, std::string_view salt) {
  if (kpsa.size() != kKeyBytes) return badKey();
  static const std::string kZeroSalt(kKeyBytes, '\0');
  EndToEndKeys keys;
  keys.master = hmacSha256(salt.empty() ? std::string_view(kZeroSalt) : salt, kpsa);
  // TS-0003 §10.3.6.2: T(n) = HMAC(Ke2e_master, T(n-1) | label_n | n), T(0) empty.
  static constexpr std::array<std::string_view, 4> kLabels = {
      "E2E Message Authentication Key", "E2E Message Confidentiality Key",
      "E2E Attribute Authenticity Key", "E2E Attribute Confidentiality Key"};
  std::array<std::string*, 4> outputs = {&keys.message_authentication,
                                         &keys.message_confidentiality,
                                         &keys.attribute_authenticity,
                                         &keys.attribute_confidentiality};
  std::string previous;
  for (size_t i = 0; i < kLabels.size(); ++i) {
    std::string message = previous;
    message.append(kLabels[i]).push_back(static_cast<char>(i + 1));
    *outputs[i] = hmacSha256(keys.master, message);
    previous = *outputs[i];
    OPENSSL_cleanse(message.data(), message.size());
  }
  OPENSSL_cleanse(previous.data(), previous.size());
  return keys;
}

std::string keyConfirmation(std::string_view key, std::string_view key_id) {
  std::string message(kKeyConfirmationLabel);
  message.append(key_id);
  return hmacSha256(key, message);
}

std::string toHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 0xf]);
  }
  return hex;
}

model::Result<std::string> fromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return model::Status::badRequest("hex must have an even number of digits",
                                     "enrolment.bad_hex");
  }
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int high = codec::hexDigitValue(hex[i]);
    int low = codec::hexDigitValue(hex[i + 1]);
    if (high < 0 || low < 0) {
      return model::Status::badRequest("hex must be written with hex digits",
                                       "enrolment.bad_hex");
    }
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

}  // namespace citadel::security::enrolment
