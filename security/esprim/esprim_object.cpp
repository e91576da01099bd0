#include "security/esprim/esprim_object.h"

#include <openssl/evp.h>

#include <memory>
#include <vector>

#include "cse/model/control_characters.h"
#include "cse/random/random_id.h"
#include "security/esprim/session_key.h"
#include "security/token/base64url.h"
#include "security/token/strict_json.h"

namespace citadel::security::esprim {

using model::Result;
using model::Status;

namespace {

constexpr size_t kIvBytes = 12;
constexpr size_t kTagBytes = 16;
constexpr size_t kMaxHeaderBytes = 8 << 10;
constexpr size_t kMaxIdBytes = 128;
constexpr int kMaxHeaderDepth = 4;

Status malformed(const std::string& what) {
  return Status::badRequest("ESPrim object (JWE compact): " + what, "esprim.malformed");
}

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const EVP_CIPHER* cipherFor(size_t key_bytes) {
  switch (key_bytes) {
    case 16: return EVP_aes_128_gcm();
    case 24: return EVP_aes_192_gcm();
    case 32: return EVP_aes_256_gcm();
    default: return nullptr;
  }
}

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
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

}  // namespace

Result<EsprimObject> parseEsprimObject(std::string_view compact) {
  if (compact.size() > kMaxObjectBytes) {
    return malformed("larger than " + std::to_string(kMaxObjectBytes >> 10) + " KiB");
  }
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (parts.size() < 6) {
    size_t dot = compact.find('.', start);
    parts.push_back(compact.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
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
  const EVP_CIPHER* cipher = cipherFor(key.size());
  if (cipher == nullptr || static_cast<size_t>((alg_id - 8) * 8) != key.size()) {
    return failed();  // 10 -> 16, 11 -> 24, 12 -> 32 bytes
  }
  CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::string plaintext(object.ciphertext.size(), '\0');
  int length = 0;
  if (!context ||
      EVP_DecryptInit_ex(context.get(), cipher, nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, kIvBytes, nullptr) != 1 ||
      EVP_DecryptInit_ex(context.get(), nullptr, nullptr, bytes(key), bytes(object.iv)) != 1 ||
      EVP_DecryptUpdate(context.get(), nullptr, &length, bytes(object.encoded_header),
                        static_cast<int>(object.encoded_header.size())) != 1 ||
      EVP_DecryptUpdate(context.get(), reinterpret_cast<unsigned char*>(plaintext.data()),
                        &length, bytes(object.ciphertext),
                        static_cast<int>(object.ciphertext.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes,
                          const_cast<char*>(object.tag.data())) != 1) {
    return failed();
  }
  int final_length = 0;
  if (EVP_DecryptFinal_ex(context.get(),
                          reinterpret_cast<unsigned char*>(plaintext.data()) + length,
                          &final_length) != 1) {
    return Status(model::Rsc::kEsprimBadMac, "the ESPrim object's integrity check failed",
                  "esprim.bad_mac");
  }
  plaintext.resize(static_cast<size_t>(length + final_length));
  return plaintext;
}

Result<std::string> encryptEsprimObject(const model::Json& header, std::string_view plaintext,
                                        std::string_view key, std::string_view iv_for_tests) {
  auto failed = [] {
    return Status(model::Rsc::kEsprimEncryptionError, "the response could not be encrypted",
                  "esprim.encryption_error");
  };
  auto enc = header.find("enc");
  int alg_id = enc != header.end() && enc->is_string()
                   ? protocolAlgIdOf(enc->get_ref<const std::string&>())
                   : 0;
  const EVP_CIPHER* cipher = cipherFor(key.size());
  if (alg_id == 0 || cipher == nullptr || static_cast<size_t>((alg_id - 8) * 8) != key.size() ||
      header.value("alg", "") != "dir" || plaintext.size() > kMaxObjectBytes) {
    return failed();
  }
  std::string iv(iv_for_tests);
  if (iv.empty()) {
    iv.resize(kIvBytes);
    random::fillRandom(iv.data(), iv.size());
  }
  if (iv.size() != kIvBytes) return failed();
  std::string encoded_header = token::encodeBase64Url(header.dump());
  CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::string ciphertext(plaintext.size(), '\0');
  std::string tag(kTagBytes, '\0');
  int length = 0;
  int final_length = 0;
  if (!context ||
      EVP_EncryptInit_ex(context.get(), cipher, nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, kIvBytes, nullptr) != 1 ||
      EVP_EncryptInit_ex(context.get(), nullptr, nullptr, bytes(key), bytes(iv)) != 1 ||
      EVP_EncryptUpdate(context.get(), nullptr, &length, bytes(encoded_header),
                        static_cast<int>(encoded_header.size())) != 1 ||
      EVP_EncryptUpdate(context.get(), reinterpret_cast<unsigned char*>(ciphertext.data()),
                        &length, bytes(plaintext), static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(context.get(),
                          reinterpret_cast<unsigned char*>(ciphertext.data()) + length,
                          &final_length) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag.data()) != 1) {
    return failed();
  }
  ciphertext.resize(static_cast<size_t>(length + final_length));
  return encoded_header + ".." + token::encodeBase64Url(iv) + "." +
         token::encodeBase64Url(ciphertext) + "." + token::encodeBase64Url(tag);
}

}  // namespace citadel::security::esprim
