#include "security/esprim/esprim_object.h"

#include <memory>
#include <vector>

#include "cse/codec/json_codec.h"
#include "cse/model/control_characters.h"
#include "security/esprim/session_key.h"
#include "security/jose/aes_gcm.h"
#include "security/jose/compact.h"
#include "security/jose/gcm_iv.h"
#include "security/token/base64url.h"
#include "security/token/strict_json.h"

namespace citadel::security::esprim {

using model::Result;
using model::Status;

namespace {

constexpr size_t kIvBytes = jose::kGcmIvBytes;
constexpr size_t kTagBytes = jose::kGcmTagBytes;
constexpr size_t kMaxHeaderBytes = 8 << 10;
constexpr size_t kMaxIdBytes = 128;
constexpr int kMaxHeaderDepth = 4;

Status malformed(const std::string& what) {
  return Status::badRequest("ESPrim object (JWE compact): " + what, "esprim.malformed");
}

bool isIdMember(const model::Json& header, const char* name, std::string& out) {
  auto it = header.find(name);
  if (it == header.end() || !it->is_string()) return false;
  const std::string& value = it->get_ref<const std::string&>();
  if (value.empty() || value.size() > kMaxIdBytes || model::hasControlCharacter(value)) {
    return false;
  }
  out = value;
  return true;
}

Status encryptionFailed() {
  return {model::Rsc::kEsprimEncryptionError, "the response could not be encrypted",
          "esprim.encryption_error"};
}

}  // namespace

Result<EsprimObject> parseEsprimObject(std::string_view compact) {
  if (compact.size() > kMaxObjectBytes) {
    return malformed("larger than " + std::to_string(kMaxObjectBytes >> 10) + " KiB");
  }
  std::vector<std::string_view> parts = jose::splitCompact(compact);
  if (parts.size() != 5) {
    return malformed("expected five base64url parts separated by '.'");
  }
  if (parts[0].size() > kMaxHeaderBytes * 4 / 3 + 4) {
    return malformed("the protected header is larger than 8 KiB");
  }
  EsprimObject object;
  object.encoded_header = std::string(parts[0]);
  auto header_text = token::decodeBase64Url(parts[0]);
  auto encrypted_key = token::decodeBase64Url(parts[1]);
  auto iv = token::decodeBase64Url(parts[2]);
  auto ciphertext = token::decodeBase64Url(parts[3]);
  auto tag = token::decodeBase64Url(parts[4]);
  if (!header_text || !encrypted_key || !iv || !ciphertext || !tag) {
    return malformed("a part is not canonical base64url without padding");
  }
  object.header = token::parseStrictJsonObject(*header_text, kMaxHeaderDepth);
  if (!object.header.is_object()) {
    return malformed("the protected header is not one JSON object (duplicate members, depth "
                     "over 4 or bad UTF-8 are refused)");
  }
  auto alg = object.header.find("alg");
  if (alg == object.header.end() || *alg != "dir") {
    return malformed("the protected header must have \"alg\":\"dir\" (TS-0003 §8.4.3.2)");
  }
  auto enc = object.header.find("enc");
  if (enc == object.header.end() || !enc->is_string()) {
    return malformed("the protected header must have \"enc\" as a string");
  }
  object.enc = enc->get<std::string>();
  if (!isIdMember(object.header, "kid", object.key_id) ||
      !isIdMember(object.header, "ori", object.originator_rand_id) ||
      !isIdMember(object.header, "rri", object.receiver_rand_id)) {
    return malformed("the protected header must have kid, ori and rri as strings of 1 to 128 "
                     "characters without control characters");
  }
  for (const char* name : {"oro", "rro"}) {
    auto member = object.header.find(name);
    if (member != object.header.end() && !member->is_object()) {
      return malformed(std::string("\"") + name + "\" must be a rand object (a JSON object)");
    }
  }
  auto cty = object.header.find("cty");
  if (cty != object.header.end() && !cty->is_string()) {
    return malformed("\"cty\" must be a string");
  }
  if (!encrypted_key->empty()) {
    return malformed("the encrypted key must be empty (alg dir)");
  }
  if (ciphertext->empty()) {
    return malformed("the ciphertext is never empty (TS-0003 Table 8.4.3.2-1)");
  }
  if (iv->size() != kIvBytes || tag->size() != kTagBytes) {
    return malformed("AES-GCM needs a 96-bit IV and a 128-bit tag");
  }
  object.iv = std::move(*iv);
  object.ciphertext = std::move(*ciphertext);
  object.tag = std::move(*tag);
  return object;
}

Result<std::string> decryptEsprimObject(const EsprimObject& object, std::string_view key) {
  int alg_id = protocolAlgIdOf(object.enc);
  if (alg_id == 0) {
    return Status(model::Rsc::kEsprimUnsupportedOption,
                  "JWE enc must be A128GCM, A192GCM or A256GCM", "esprim.unsupported_enc");
  }
  auto failed = [] {
    return Status(model::Rsc::kEsprimDecryptionError, "the ESPrim object could not be decrypted",
                  "esprim.decryption_error");
  };
  if (static_cast<size_t>((alg_id - 8) * 8) != key.size()) {
    return failed();  // 10 -> 16, 11 -> 24, 12 -> 32 bytes
  }
  std::string plaintext;
  switch (jose::aesGcmOpen(key, object.iv, object.encoded_header, object.ciphertext, object.tag,
                           plaintext)) {
    case jose::GcmOpened::kOk: return plaintext;
    case jose::GcmOpened::kBadTag:
      return Status(model::Rsc::kEsprimBadMac, "the ESPrim object's integrity check failed",
                    "esprim.bad_mac");
    case jose::GcmOpened::kFailed: break;
  }
  return failed();
}

Result<std::string> encryptEsprimObject(const model::Json& header, std::string_view plaintext,
                                        std::string_view key, std::string_view iv_for_tests) {
  auto enc = header.find("enc");
  if (enc == header.end() || !enc->is_string() || header.value("alg", "") != "dir") {
    return encryptionFailed();
  }
  return encryptWithEncodedHeader(token::encodeBase64Url(header.dump()),
                                  enc->get_ref<const std::string&>(), plaintext, key,
                                  iv_for_tests);
}

Result<std::string> encryptWithEncodedHeader(std::string_view encoded_header,
                                             std::string_view enc, std::string_view plaintext,
                                             std::string_view key,
                                             std::string_view iv_for_tests) {
  int alg_id = protocolAlgIdOf(enc);
  if (alg_id == 0 || static_cast<size_t>((alg_id - 8) * 8) != key.size() ||
      plaintext.size() > kMaxObjectBytes) {
    return encryptionFailed();
  }
  std::string iv = iv_for_tests.empty() ? jose::randomGcmIv() : std::string(iv_for_tests);
  auto sealed = jose::aesGcmSeal(key, iv, encoded_header, plaintext);
  if (!sealed) return encryptionFailed();
  std::string compact;
  compact.reserve(encoded_header.size() + 2 + (iv.size() + sealed->ciphertext.size() +
                                               sealed->tag.size()) * 4 / 3 + 8);
  compact.append(encoded_header).append("..");
  compact.append(token::encodeBase64Url(iv)).push_back('.');
  compact.append(token::encodeBase64Url(sealed->ciphertext)).push_back('.');
  compact.append(token::encodeBase64Url(sealed->tag));
  return compact;
}

std::string responseProtectedHeader(std::string_view enc, std::string_view key_id,
                                    std::string_view originator_rand_id,
                                    std::string_view receiver_rand_id) {
  std::string json = R"({"alg":"dir","enc":)";
  codec::appendJsonString(json, enc);
  json += R"(,"kid":)";
  codec::appendJsonString(json, key_id);
  json += R"(,"ori":)";
  codec::appendJsonString(json, originator_rand_id);
  json += R"(,"rri":)";
  codec::appendJsonString(json, receiver_rand_id);
  json += '}';
  return token::encodeBase64Url(json);
}

}  // namespace citadel::security::esprim
