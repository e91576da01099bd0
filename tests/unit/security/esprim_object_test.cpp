// The ESPrim Object (JWE compact, alg dir, AES-GCM): vectors made independently with Python's
// `cryptography` (AESGCM(key).encrypt(iv, plaintext, aad=encoded header)), tampering, and a
// corpus of malformed objects that must all be 4000 without touching a key.
#include "security/esprim/esprim_object.h"

#include <gtest/gtest.h>

#include "security/esprim/session_key.h"
#include "security/token/base64url.h"
#include "tests/support/status_macros.h"

namespace citadel::security::esprim {
namespace {

using model::Json;

std::string unhex(std::string_view text) {
  std::string out;
  for (size_t i = 0; i + 1 < text.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16));
  }
  return out;
}

// The session key of the first vector in esprim_session_key_test.cpp.
const std::string kSessionKey =
    unhex("bd04dcc17466e93795a915262b8105b3636f01d9f60c80b3f2406e0d9a2e0e54");
constexpr const char* kPlaintext = R"({"fr":"Cae1","op":2,"rqi":"r1","rvi":"3","to":"/cse-in"})";
// header {"alg":"dir","enc":"A256GCM","kid":"lamp-k1","ori":"o1","rri":"u0123"}, IV 00..0b.
constexpr const char* kA256 =
    "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwia2lkIjoibGFtcC1rMSIsIm9yaSI6Im8xIiwicnJpIjoidTAxMj"
    "MifQ..AAECAwQFBgcICQoL.t771acV5YUY5Wg71ibrcatQmR9wuBXJn4CI-bOKBYK7D22N7aZ8vcCtT2jRI66hTwJYJ"
    "eakJ9QI.mtTzTa6ioVbc28IsbCKA9w";
// The same with enc A128GCM and the first 16 bytes of the session key.
constexpr const char* kA128 =
    "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIiwia2lkIjoibGFtcC1rMSIsIm9yaSI6Im8xIiwicnJpIjoidTAxMj"
    "MifQ..AAECAwQFBgcICQoL.kmExAmdGROv0rdI2u7BwUj8HwoB5fJQ9HTQZEcmxKVzpH5hoUVZ1C1ZFVBp5yPkJ72QH"
    "tfrMPjI.h--_0Rvp0jJ9OTLex_xiOw";

Json header(const char* enc = "A256GCM") {
  return {{"alg", "dir"}, {"enc", enc}, {"kid", "lamp-k1"}, {"ori", "o1"}, {"rri", "u0123"}};
}

TEST(EsprimObjectTest, DecryptsTheIndependentVectors) {
  auto a256 = parseEsprimObject(kA256);
  ASSERT_OK(a256);
  EXPECT_EQ(a256.value().key_id, "lamp-k1");
  EXPECT_EQ(a256.value().originator_rand_id, "o1");
  EXPECT_EQ(a256.value().receiver_rand_id, "u0123");
  EXPECT_EQ(a256.value().enc, "A256GCM");
  auto key = contentEncryptionKey(kSessionKey, "A256GCM");
  ASSERT_OK(key);
  auto plaintext = decryptEsprimObject(a256.value(), key.value());
  ASSERT_OK(plaintext);
  EXPECT_EQ(plaintext.value(), kPlaintext);

  auto a128 = parseEsprimObject(kA128);
  ASSERT_OK(a128);
  auto short_key = contentEncryptionKey(kSessionKey, "A128GCM");
  ASSERT_OK(short_key);
  auto short_plaintext = decryptEsprimObject(a128.value(), short_key.value());
  ASSERT_OK(short_plaintext);
  EXPECT_EQ(short_plaintext.value(), kPlaintext);
}

TEST(EsprimObjectTest, EncryptsExactlyAsTheVectorWithItsIv) {
  auto compact = encryptEsprimObject(header(), kPlaintext, kSessionKey, unhex("000102030405060708090a0b"));
  ASSERT_OK(compact);
  EXPECT_EQ(compact.value(), kA256);
}

TEST(EsprimObjectTest, RoundTripsWithFreshIvs) {
  for (const char* enc : {"A128GCM", "A192GCM", "A256GCM"}) {
    std::string key = contentEncryptionKey(kSessionKey, enc).value();
    auto first = encryptEsprimObject(header(enc), "inner", key);
    auto second = encryptEsprimObject(header(enc), "inner", key);
    ASSERT_OK(first);
    ASSERT_OK(second);
    EXPECT_NE(first.value(), second.value()) << "the IV must be fresh";
    auto parsed = parseEsprimObject(first.value());
    ASSERT_OK(parsed);
    EXPECT_EQ(decryptEsprimObject(parsed.value(), key).value(), "inner");
  }
}

TEST(EsprimObjectTest, TamperingIsABadMac) {
  std::string key = contentEncryptionKey(kSessionKey, "A256GCM").value();
  std::string good = kA256;
  size_t tag_at = good.rfind('.') + 1;
  size_t ct_at = good.rfind('.', tag_at - 2) + 1;
  for (size_t at : {tag_at + 2, ct_at + 3}) {
    std::string bad = good;
    bad[at] = bad[at] == 'A' ? 'B' : 'A';
    auto parsed = parseEsprimObject(bad);
    ASSERT_OK(parsed);
    auto refused = decryptEsprimObject(parsed.value(), key);
    ASSERT_FALSE(refused.isOk());
    EXPECT_EQ(refused.status().rsc(), model::Rsc::kEsprimBadMac);
  }
  // A different (valid) header under the same IV, ciphertext and tag: the AAD changed.
  Json other = header();
  other["kid"] = "lamp-k2";
  std::string swapped = token::encodeBase64Url(other.dump()) + good.substr(good.find('.'));
  auto parsed = parseEsprimObject(swapped);
  ASSERT_OK(parsed);
  EXPECT_EQ(decryptEsprimObject(parsed.value(), key).status().rsc(), model::Rsc::kEsprimBadMac);
  // The wrong key.
  std::string wrong = key;
  wrong[0] ^= 1;
  EXPECT_EQ(decryptEsprimObject(parseEsprimObject(kA256).value(), wrong).status().rsc(),
            model::Rsc::kEsprimBadMac);
}

TEST(EsprimObjectTest, UnsupportedEncIs4111AndAWrongKeyLengthIs5210) {
  auto parsed = parseEsprimObject(kA256);
  ASSERT_OK(parsed);
  EsprimObject object = parsed.value();
  object.enc = "A256CBC-HS512";
  EXPECT_EQ(decryptEsprimObject(object, kSessionKey).status().rsc(),
            model::Rsc::kEsprimUnsupportedOption);
  EXPECT_EQ(decryptEsprimObject(parsed.value(), kSessionKey.substr(0, 16)).status().rsc(),
            model::Rsc::kEsprimDecryptionError);
  EXPECT_EQ(encryptEsprimObject(header("A128GCM"), "x", kSessionKey).status().rsc(),
            model::Rsc::kEsprimEncryptionError);
}

TEST(EsprimObjectTest, MalformedObjectsAre4000) {
  auto b64 = [](const std::string& text) { return token::encodeBase64Url(text); };
  std::string good = kA256;
  std::string tail = good.substr(good.find('.'));  // "..iv.ct.tag"
  std::string parts_after_key = good.substr(good.find("..") + 2);
  const std::string hostile[] = {
      "",
      ".",
      "....",
      good + ".",
      good + ".x",
      "a.b.c.d",
      good.substr(0, good.size() - 1) + "=",
      "e30" + tail,                                          // {}
      b64("[]") + tail,
      b64("not json") + tail,
      b64(R"({"alg":"dir","alg":"dir","enc":"A256GCM","kid":"k","ori":"o","rri":"r"})") + tail,
      b64(R"({"alg":"A128KW","enc":"A256GCM","kid":"k","ori":"o","rri":"r"})") + tail,
      b64(R"({"alg":"dir","enc":256,"kid":"k","ori":"o","rri":"r"})") + tail,
      b64(R"({"alg":"dir","enc":"A256GCM","ori":"o","rri":"r"})") + tail,
      b64(R"({"alg":"dir","enc":"A256GCM","kid":"","ori":"o","rri":"r"})") + tail,
      b64(R"({"alg":"dir","enc":"A256GCM","kid":"k\n","ori":"o","rri":"r"})") + tail,
      b64(R"({"alg":"dir","enc":"A256GCM","kid":"k","ori":7,"rri":"r"})") + tail,
      b64(R"({"alg":"dir","enc":"A256GCM","kid":"k","ori":"o","rri":"r","oro":"x"})") + tail,
      b64(R"({"alg":"dir","enc":"A256GCM","kid":"k","ori":"o","rri":"r","cty":1})") + tail,
      b64(R"({"alg":"dir","enc":"A256GCM","kid":"k","ori":"o","rri":"r","x":[[[[[1]]]]]})") + tail,
      b64(R"({"alg":"dir","enc":"A256GCM","kid":")" + std::string(129, 'k') +
          R"(","ori":"o","rri":"r"})") + tail,
      good.substr(0, good.find('.')) + ".AAAA." + parts_after_key,  // an encrypted key
      good.substr(0, good.find('.')) + "..AAECAwQFBgcICQ." +
          good.substr(good.find('.', good.find("..") + 2) + 1),       // a 10-byte IV
      good.substr(0, good.rfind('.')) + ".AAAA",                      // a 3-byte tag
      good.substr(0, good.find("..") + 2) + "AAECAwQFBgcICQoL..mtTzTa6ioVbc28IsbCKA9w",  // no ct
      std::string(kMaxObjectBytes + 1, 'A'),
  };
  for (const std::string& compact : hostile) {
    auto refused = parseEsprimObject(compact);
    ASSERT_FALSE(refused.isOk()) << compact.substr(0, 100);
    EXPECT_EQ(refused.status().rsc(), model::Rsc::kBadRequest) << compact.substr(0, 100);
    EXPECT_EQ(refused.status().reason(), "esprim.malformed");
  }
}

}  // namespace
}  // namespace citadel::security::esprim
