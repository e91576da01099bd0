#pragma once
// The ESPrim Object: a JWE in Compact Serialization (TS-0003 §8.4.3.2, RFC 7516) with
// alg "dir" and enc A128GCM / A192GCM / A256GCM, whose content encryption key is the
// sessionESPrimKey (cut as session_key.h says). Parsing, authenticated decryption and
// encryption only; which keys and rand objects the header names is the caller's to check.
//
// Parsing is strict: five base64url parts (canonical spelling, security/token/base64url.h); a
// protected header that is one JSON object without duplicate members, at most 8 KiB, with
// "alg":"dir", "enc", "kid", "ori", "rri" as strings (kid/ori/rri 1..128 bytes without control
// characters), optional "cty" (string), "oro"/"rro" (objects); an empty encrypted key; a 96-bit
// IV; a 128-bit tag; at most kMaxObjectBytes in all. The AAD is the ASCII of the encoded
// protected header (RFC 7516 §5.1 step 14), so a changed header fails the tag.

#include <string>
#include <string_view>

#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::security::esprim {

inline constexpr size_t kMaxObjectBytes = 1 << 20;

struct EsprimObject {
  std::string encoded_header;  // BASE64URL(UTF8(protected header)): the AAD
  model::Json header;
  std::string enc;        // "A128GCM" | "A192GCM" | "A256GCM" (others refused when decrypting)
  std::string key_id;     // kid
  std::string originator_rand_id;  // ori
  std::string receiver_rand_id;    // rri
  std::string iv;
  std::string ciphertext;
  std::string tag;
};

// 4000 "esprim.malformed" with a dbg saying which part is wrong (TS-0004 Table 7.6.2-1: "unable
// to parse the ESPrim Object"). Never shows the ciphertext.
model::Result<EsprimObject> parseEsprimObject(std::string_view compact);

// The plaintext. `key` must have the length `object.enc` asks (16/24/32 bytes). 4115
// ESPRIM_BAD_MAC when the tag does not verify; 4111 for an enc other than the three; 5210
// ESPRIM_DECRYPTION_ERROR for any other failure.
model::Result<std::string> decryptEsprimObject(const EsprimObject& object, std::string_view key);

// The compact serialization of `plaintext` under `header` (which must hold "alg":"dir" and an
// "enc" that `key` fits) with a fresh 96-bit IV from the CSPRNG. 5211 ESPRIM_ENCRYPTION_ERROR on
// failure. `iv_for_tests`, when not empty, replaces the random IV (test vectors only).
model::Result<std::string> encryptEsprimObject(const model::Json& header,
                                               std::string_view plaintext, std::string_view key,
                                               std::string_view iv_for_tests = {});

// The same, with the protected header already encoded (BASE64URL of its JSON) and its `enc`
// given: the Receiver's answers, whose header is fixed for the exchange
// (responseProtectedHeader), skip building and serializing a JSON tree per answer.
model::Result<std::string> encryptWithEncodedHeader(std::string_view encoded_header,
                                                    std::string_view enc,
                                                    std::string_view plaintext,
                                                    std::string_view key,
                                                    std::string_view iv_for_tests = {});

// BASE64URL(UTF8({"alg":"dir","enc":…,"kid":…,"ori":…,"rri":…})): the protected header of the
// answer to an object that named these (TS-0003 §8.4.2 C.8: same key, kid, ori and rri).
std::string responseProtectedHeader(std::string_view enc, std::string_view key_id,
                                    std::string_view originator_rand_id,
                                    std::string_view receiver_rand_id);

}  // namespace citadel::security::esprim
