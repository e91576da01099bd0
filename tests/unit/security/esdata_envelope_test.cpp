// ESData envelopes (TS-0003 §8.5): every protection the library offers round-trips, and a
// reader refuses every changed byte, a key it does not hold, an untrusted signer and the JOSE
// tricks (alg none, crit, algorithm confusion) — each with its reason, none crashing.
#include "security/esdata/esdata_envelope.h"

#include <gtest/gtest.h>

#include "security/jose/aes_gcm.h"
#include "security/token/base64url.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::security::esdata {
namespace {

const SymmetricKey kKey32{"k32", std::string(32, '\x11')};
const SymmetricKey kKey16{"k16", std::string(16, '\x22')};
const SymmetricKey kHmac{"h1", std::string(32, '\x33')};

class EsdataEnvelopeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new testing::TempDir();
    other_ = new testing::TempDir();
    ASSERT_EQ(testing::makeTestPki(pki_->path(), "Cwriter"), "");
    ASSERT_EQ(testing::makeTestPki(other_->path(), "Cwriter"), "");
  }
  static void TearDownTestSuite() {
    delete pki_;
    delete other_;
  }
  static SignOptions certificateSigner(const testing::TempDir& pki) {
    return {std::nullopt, pki.file("Cwriter.pem"), pki.file("Cwriter.key")};
  }
  static OpenOptions reader() { return {{kKey32, kKey16, kHmac}, pki_->file("ca.pem"), false}; }
  static std::string expectRefused(const std::string& envelope, const OpenOptions& options) {
    auto opened = openValue(envelope, options);
    EXPECT_FALSE(opened.isOk());
    return opened.isOk() ? "" : std::string(opened.status().reason());
  }

  static testing::TempDir* pki_;
  static testing::TempDir* other_;
};

testing::TempDir* EsdataEnvelopeTest::pki_ = nullptr;
testing::TempDir* EsdataEnvelopeTest::other_ = nullptr;

TEST_F(EsdataEnvelopeTest, EveryEncryptionRoundTrips) {
  struct Case {
    SymmetricKey key;
    const char* alg;
    const char* enc;
  };
  for (const Case& c : {Case{kKey32, "A256KW", "A256GCM"}, Case{kKey32, "A256KW", "A128GCM"},
                        Case{kKey16, "A128KW", "A256GCM"}, Case{kKey32, "dir", "A256GCM"},
                        Case{kKey16, "dir", "A128GCM"}}) {
    SCOPED_TRACE(std::string(c.alg) + "/" + c.enc);
    auto envelope = encryptValue("{\"temp\":21.5}", {c.key, c.alg, c.enc});
    ASSERT_TRUE(envelope.isOk()) << envelope.status().dbg();
    auto opened = openValue(envelope.value(), reader());
    ASSERT_TRUE(opened.isOk()) << opened.status().dbg();
    EXPECT_EQ(opened.value().payload, "{\"temp\":21.5}");
    EXPECT_EQ(opened.value().encrypted_with, c.key.kid);
    EXPECT_TRUE(opened.value().signed_by.empty());
  }
  // The Encrypted Key Mode draws a fresh content key: two envelopes of one value differ.
  EXPECT_NE(encryptValue("same", {kKey32}).value(), encryptValue("same", {kKey32}).value());
}

TEST_F(EsdataEnvelopeTest, SignaturesRoundTripAndNameTheSigner) {
  auto hmac = signValue("v", {kHmac, "", ""});
  ASSERT_TRUE(hmac.isOk()) << hmac.status().dbg();
  auto opened = openValue(hmac.value(), reader());
  ASSERT_TRUE(opened.isOk()) << opened.status().dbg();
  EXPECT_EQ(opened.value().signed_by, "kid:h1");

  auto es256 = signValue("v", certificateSigner(*pki_));
  ASSERT_TRUE(es256.isOk()) << es256.status().dbg();
  opened = openValue(es256.value(), reader());
  ASSERT_TRUE(opened.isOk()) << opened.status().dbg();
  EXPECT_EQ(opened.value().payload, "v");
  EXPECT_EQ(opened.value().signed_by, "//citadel.example.com/id-in/Cwriter");
}

TEST_F(EsdataEnvelopeTest, NestedSignThenEncryptIsBothChecks) {
  auto envelope = signThenEncrypt("{\"on\":true}", certificateSigner(*pki_), {kKey32});
  ASSERT_TRUE(envelope.isOk()) << envelope.status().dbg();
  OpenOptions strict = reader();
  strict.require_signature = true;
  auto opened = openValue(envelope.value(), strict);
  ASSERT_TRUE(opened.isOk()) << opened.status().dbg();
  EXPECT_EQ(opened.value().payload, "{\"on\":true}");
  EXPECT_EQ(opened.value().encrypted_with, "k32");
  EXPECT_EQ(opened.value().signed_by, "//citadel.example.com/id-in/Cwriter");
  // A reader that holds the key but trusts another CA learns nothing it can rely on.
  OpenOptions other_ca = reader();
  other_ca.ca_file = other_->file("ca.pem");
  EXPECT_EQ(expectRefused(envelope.value(), other_ca), "esdata.untrusted_certificate");
}

TEST_F(EsdataEnvelopeTest, EveryChangedPartIsRefused) {
  auto jwe = encryptValue("secret value", {kKey32});
  auto jws = signValue("signed value", certificateSigner(*pki_));
  ASSERT_TRUE(jwe.isOk() && jws.isOk());
  for (const std::string& original : {jwe.value(), jws.value()}) {
    for (size_t i = 0; i < original.size(); i += 7) {
      std::string changed = original;
      if (changed[i] == '.') continue;
      changed[i] = changed[i] == 'A' ? 'B' : 'A';
      auto opened = openValue(changed, reader());
      if (opened.isOk()) {
        // Only a change in the unused low bits of a final base64url character could decode to
        // the same bytes; the strict decoder refuses those spellings, so nothing opens.
        ADD_FAILURE() << "byte " << i << " changed and the envelope still opened";
      }
    }
  }
}

TEST_F(EsdataEnvelopeTest, KeysTheReaderDoesNotHoldOrThatDoNotFit) {
  auto envelope = encryptValue("v", {kKey32});
  ASSERT_TRUE(envelope.isOk());
  OpenOptions no_keys{{}, "", false};
  EXPECT_EQ(expectRefused(envelope.value(), no_keys), "esdata.unknown_key");
  // The same kid with another key: the content key does not unwrap.
  OpenOptions wrong{{{"k32", std::string(32, '\x44')}}, "", false};
  EXPECT_EQ(expectRefused(envelope.value(), wrong), "esdata.bad_mac");
  // A 16-byte key under the kid of an A256KW envelope.
  OpenOptions short_key{{{"k32", std::string(16, '\x11')}}, "", false};
  EXPECT_EQ(expectRefused(envelope.value(), short_key), "esdata.bad_key");
  // Signing options a writer gets wrong are refused before anything is produced.
  EXPECT_FALSE(encryptValue("v", {kKey16, "A256KW"}).isOk());
  EXPECT_FALSE(encryptValue("v", {kKey32, "dir", "A128GCM"}).isOk());
  EXPECT_FALSE(encryptValue("v", {kKey32, "RSA1_5"}).isOk());
  EXPECT_FALSE(signValue("v", {kKey16, "", ""}).isOk());  // HS256 needs 32 bytes
}

std::string jwsWithHeader(const std::string& header, const std::string& signature = "sig") {
  return token::encodeBase64Url(header) + "." + token::encodeBase64Url("payload") + "." +
         token::encodeBase64Url(signature);
}

TEST_F(EsdataEnvelopeTest, JoseTricksAreRefused) {
  EXPECT_EQ(expectRefused(jwsWithHeader(R"({"alg":"none"})", ""), reader()),
            "esdata.unsupported");
  EXPECT_EQ(expectRefused(jwsWithHeader(R"({"alg":"HS256","kid":"h1","crit":["x"]})"), reader()),
            "esdata.unsupported");
  // Algorithm confusion: an HS256 tag made with the ES256 signer's public certificate as secret
  // gets nowhere, as HS256 takes only the reader's key named by kid.
  EXPECT_EQ(expectRefused(jwsWithHeader(R"({"alg":"HS256","kid":"nobody"})"), reader()),
            "esdata.unknown_key");
  EXPECT_EQ(expectRefused(jwsWithHeader(R"({"alg":"ES256"})"), reader()),
            "esdata.untrusted_certificate");
  EXPECT_EQ(expectRefused(jwsWithHeader(R"({"alg":"ES256","x5c":["bm90IGEgY2VydA=="]})"),
                          reader()),
            "esdata.malformed");
  EXPECT_EQ(expectRefused(jwsWithHeader(R"({"alg":"HS256","kid":"h1"})"), reader()),
            "esdata.bad_signature");
}

TEST_F(EsdataEnvelopeTest, HostileEnvelopesAreRefusedWithoutACrash) {
  std::string deep(100, '[');
  for (const std::string& hostile :
       {std::string(), std::string("."), std::string("...."), std::string("a.b"),
        std::string("a.b.c.d"), std::string("a.b.c.d.e.f"), std::string(kMaxEnvelopeBytes + 1, 'A'),
        jwsWithHeader("[1]"), jwsWithHeader("{\"alg\":1}"), jwsWithHeader("{\"a\":" + deep + "}"),
        jwsWithHeader(R"({"alg":"HS256","alg":"none"})"),
        token::encodeBase64Url(R"({"alg":"dir","enc":"A256GCM","kid":"k32"})") + ".AAAA.AA.AA.AA",
        token::encodeBase64Url(R"({"alg":"A256KW","enc":"A999","kid":"k32"})") + "..AA.AA.AA",
        std::string("!!!.@@@.###")}) {
    auto opened = openValue(hostile, reader());
    EXPECT_FALSE(opened.isOk()) << hostile.substr(0, 80);
  }
}

// RFC 3394 §4.6: 256 bits of key data wrapped with a 256-bit KEK.
TEST(JoseKeyWrapTest, MatchesTheRfc3394Vector) {
  auto hex = [](const std::string& text) {
    std::string out;
    for (size_t i = 0; i + 1 < text.size(); i += 2) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16)));
    }
    return out;
  };
  std::string kek = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
  std::string key = hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
  std::string expected = hex(
      "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");
  auto wrapped = jose::aesKeyWrap(kek, key);
  ASSERT_TRUE(wrapped);
  EXPECT_EQ(*wrapped, expected);
  auto unwrapped = jose::aesKeyUnwrap(kek, *wrapped);
  ASSERT_TRUE(unwrapped);
  EXPECT_EQ(*unwrapped, key);
  std::string tampered = *wrapped;
  tampered[5] ^= 1;
  EXPECT_FALSE(jose::aesKeyUnwrap(kek, tampered));
}

}  // namespace
}  // namespace citadel::security::esdata
