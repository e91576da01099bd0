// The ESPrim key schedule against vectors computed independently with OpenSSL's command line
// (security/esprim/README.md lists the same vectors), so that the serialization choices of
// rand_object.h and session_key.h are pinned: a change to any of them fails here.
#include "security/esprim/session_key.h"

#include <gtest/gtest.h>

#include "tests/support/status_macros.h"

namespace citadel::security::esprim {
namespace {

std::string hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string unhexKey(std::string_view text) {
  std::string out;
  for (size_t i = 0; i + 1 < text.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16));
  }
  return out;
}

ReceiverRandObject receiverObject() {
  return {"u0123", "v00112233445566778899aabbccddeeff", "20261206T180000", {1}, {10, 11, 12}};
}

OriginatorRandObject originator() {
  return {"o1", "vffeeddccbbaa99887766554433221100", "20261206T170000", 1, {12}};
}

constexpr const char* kReceiverBytes =
    R"({"esks":[1],"espa":[10,11,12],"esri":"u0123","esrv":"v00112233445566778899aabbccddeeff","esrx":"20261206T180000"})";
constexpr const char* kOriginatorBytes =
    R"({"esk":1,"espa":[12],"esri":"o1","esrv":"vffeeddccbbaa99887766554433221100","esrx":"20261206T170000"})";

TEST(EsprimSessionKeyTest, RandObjectsSerializeAsRfc8785CanonicalJson) {
  EXPECT_EQ(canonicalBytes(receiverObject()), kReceiverBytes);
  EXPECT_EQ(canonicalBytes(originator()), kOriginatorBytes);
}

// R='<kReceiverBytes>'; O='<kOriginatorBytes>';
// L='oneM2M HMAC-SHA256 sessionESPrimKey derivation algorithm'
// printf '%s%s%s' "$R" "$O" "$L" |
//   openssl dgst -sha256 -mac HMAC -macopt hexkey:00112233445566778899aabbccddeeff
TEST(EsprimSessionKeyTest, SessionKeyMatchesTheOpensslVector) {
  auto key = deriveSessionKey(unhexKey("00112233445566778899aabbccddeeff"), receiverObject(), originator());
  ASSERT_OK(key);
  EXPECT_EQ(hex(key.value()), "bd04dcc17466e93795a915262b8105b3636f01d9f60c80b3f2406e0d9a2e0e54");
}

// O2='{"esk":1,"espa":[10,11,12],"esri":"orig-7","esrv":"v0f1e2d3c4b5a69788796a5b4c3d2e1f0",
//      "esrx":"20270101T000000"}' (one line); printf '%s%s%s' "$R" "$O2" "$L" |
//   openssl dgst -sha256 -mac HMAC -macopt hexkey:000102…1e1f (32 bytes 00..1f)
TEST(EsprimSessionKeyTest, SecondVectorWithA256BitPairwiseKey) {
  OriginatorRandObject other{"orig-7", "v0f1e2d3c4b5a69788796a5b4c3d2e1f0", "20270101T000000",
                             1, {10, 11, 12}};
  auto key = deriveSessionKey(unhexKey("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
                              receiverObject(), other);
  ASSERT_OK(key);
  EXPECT_EQ(hex(key.value()), "01976a99a9667133edf56323f266d83773eec077cae5ca818ec052d96b8770ef");
}

TEST(EsprimSessionKeyTest, EveryInputChangesTheKey) {
  std::string pairwise = unhexKey("00112233445566778899aabbccddeeff");
  std::string base = deriveSessionKey(pairwise, receiverObject(), originator()).value();
  ReceiverRandObject r = receiverObject();
  r.value.back() = '0';
  EXPECT_NE(deriveSessionKey(pairwise, r, originator()).value(), base);
  OriginatorRandObject o = originator();
  o.expiry = "20261206T170001";
  EXPECT_NE(deriveSessionKey(pairwise, receiverObject(), o).value(), base);
  pairwise.back() ^= 1;
  EXPECT_NE(deriveSessionKey(pairwise, receiverObject(), originator()).value(), base);
}

TEST(EsprimSessionKeyTest, OnlyKeyGenerationAlgorithmOneIsSupported) {
  auto refused = deriveSessionKey("0123456789abcdef", receiverObject(), originator(), 2);
  ASSERT_FALSE(refused.isOk());
  EXPECT_EQ(refused.status().rsc(), model::Rsc::kEsprimUnsupportedOption);
}

TEST(EsprimSessionKeyTest, ContentKeysAreTheLeadingBytesOfTheSessionKey) {
  std::string session = unhexKey("bd04dcc17466e93795a915262b8105b3636f01d9f60c80b3f2406e0d9a2e0e54");
  EXPECT_EQ(hex(contentEncryptionKey(session, "A128GCM").value()),
            "bd04dcc17466e93795a915262b8105b3");
  EXPECT_EQ(hex(contentEncryptionKey(session, "A192GCM").value()),
            "bd04dcc17466e93795a915262b8105b3636f01d9f60c80b3");
  EXPECT_EQ(contentEncryptionKey(session, "A256GCM").value(), session);
  for (const char* enc : {"A128CBC-HS256", "a256gcm", "", "dir"}) {
    auto refused = contentEncryptionKey(session, enc);
    ASSERT_FALSE(refused.isOk()) << enc;
    EXPECT_EQ(refused.status().rsc(), model::Rsc::kEsprimUnsupportedOption) << enc;
  }
  EXPECT_FALSE(contentEncryptionKey(session.substr(1), "A256GCM").isOk());
  EXPECT_EQ(protocolAlgIdOf("A128GCM"), 10);
  EXPECT_EQ(protocolAlgIdOf("A192GCM"), 11);
  EXPECT_EQ(protocolAlgIdOf("A256GCM"), 12);
  EXPECT_EQ(protocolAlgIdOf("A256KW"), 0);
}

}  // namespace
}  // namespace citadel::security::esprim
