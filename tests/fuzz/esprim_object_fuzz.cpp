// ESPrim objects (security/esprim/esprim_object.h, issue 16): the JWE compact form of an
// m2m:seci sit 5 `epo`, its protected header (kid/ori/rri, oro) and its authenticated decryption.
// Invariants: a rejection is a oneM2M error (4000 malformed; 4111/4115/5210 from decryption;
// 4000/4113 from an oro); a parsed object has the shape the parser promises (alg dir, a 96-bit
// IV, a 128-bit tag, kid/ori/rri present); and an object encrypted under a parsed header parses
// and decrypts back to the same plaintext, while one changed bit of its tag fails with 4115.

#include <string>

#include "security/esprim/esprim_object.h"
#include "security/esprim/session_checks.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

namespace {

size_t keyBytes(const std::string& enc) {
  if (enc == "A128GCM") return 16;
  if (enc == "A192GCM") return 24;
  if (enc == "A256GCM") return 32;
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = fuzz::asText(data, size);
  auto object = security::esprim::parseEsprimObject(text);
  if (!object.isOk()) {
    fuzz::checkRejection(object.status());
    FUZZ_CHECK(object.status().rsc() == model::Rsc::kBadRequest);
    return 0;
  }
  const security::esprim::EsprimObject& parsed = object.value();
  FUZZ_CHECK(parsed.header.is_object() && parsed.header.value("alg", "") == "dir");
  FUZZ_CHECK(parsed.iv.size() == 12 && parsed.tag.size() == 16);
  FUZZ_CHECK(!parsed.key_id.empty() && !parsed.originator_rand_id.empty() &&
             !parsed.receiver_rand_id.empty());
  if (auto oro = parsed.header.find("oro"); oro != parsed.header.end()) {
    auto originator = security::esprim::parseOriginatorRandObject(*oro);
    if (!originator.isOk()) fuzz::checkRejection(originator.status());
  }
  const std::string key(32, '\x5a');
  size_t key_size = keyBytes(parsed.enc);
  auto plaintext = security::esprim::decryptEsprimObject(parsed, std::string_view(key).substr(
                                                                     0, key_size ? key_size : 32));
  if (!plaintext.isOk()) fuzz::checkRejection(plaintext.status());
  if (key_size == 0) return 0;
  // Round trip under the parsed header, with the input itself as plaintext.
  std::string_view cut = std::string_view(key).substr(0, key_size);
  auto sealed = security::esprim::encryptEsprimObject(parsed.header, text, cut);
  if (!sealed.isOk()) {
    fuzz::checkRejection(sealed.status());
    return 0;
  }
  auto reparsed = security::esprim::parseEsprimObject(sealed.value());
  if (!reparsed.isOk()) {
    // Only the size bound may refuse what the encryptor wrote (the input is the plaintext).
    FUZZ_CHECK(sealed.value().size() > security::esprim::kMaxObjectBytes);
    return 0;
  }
  auto opened = security::esprim::decryptEsprimObject(reparsed.value(), cut);
  FUZZ_CHECK(opened.isOk() && opened.value() == text);
  security::esprim::EsprimObject tampered = reparsed.value();
  tampered.tag[0] = static_cast<char>(tampered.tag[0] ^ 1);
  auto refused = security::esprim::decryptEsprimObject(tampered, cut);
  FUZZ_CHECK(!refused.isOk() && refused.status().rsc() == model::Rsc::kEsprimBadMac);
  return 0;
}
