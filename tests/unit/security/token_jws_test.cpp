// JWS compact serialization (RFC 7515) and the keys it is verified with: ES256 and HS256 round
// trips, the algorithm pinned to the key ("none" and HS256-with-the-public-key refused), strict
// base64url, header rules (crit, cty, typ), size caps, and the hostile corpus in
// tests/corpus/tokens/hostile_jws.txt.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "security/token/base64url.h"
#include "security/token/jws.h"
#include "security/token/jws_key.h"
#include "tests/support/status_macros.h"
#include "tests/support/test_keys.h"

namespace citadel::security::token {
namespace {

using ::citadel::testing::generateP256;
using ::citadel::testing::PemPair;

// A fresh key of the named curve (or "RSA"), as PEM.
PemPair generateKey(const char* type, const char* curve_or_bits) {
  return ::citadel::testing::generateKeyPem(type, curve_or_bits);
}

JwsKey must(model::Result<JwsKey> key) {
  EXPECT_TRUE(key.isOk()) << key.status().dbg();
  return std::move(key).value();
}

// header.payload.signature with a hand-made header, signed by `key`.
std::string signWithHeader(std::string_view header_json, std::string_view payload,
                           const JwsKey& key) {
  std::string input = encodeBase64Url(header_json) + "." + encodeBase64Url(payload);
  auto signature = jwsSignature(input, key);
  EXPECT_TRUE(signature.isOk());
  return input + "." + encodeBase64Url(signature.value());
}

// Replaces part `index` (0 header, 1 payload, 2 signature) of a compact JWS.
std::string replacePart(const std::string& compact, int index, const std::string& part) {
  size_t first = compact.find('.');
  size_t second = compact.find('.', first + 1);
  std::string parts[3] = {compact.substr(0, first), compact.substr(first + 1, second - first - 1),
                          compact.substr(second + 1)};
  parts[index] = part;
  return parts[0] + "." + parts[1] + "." + parts[2];
}

std::string partOf(const std::string& compact, int index) {
  size_t first = compact.find('.');
  size_t second = compact.find('.', first + 1);
  if (index == 0) return compact.substr(0, first);
  if (index == 1) return compact.substr(first + 1, second - first - 1);
  return compact.substr(second + 1);
}


const std::string kPayload = R"({"jti":"t1@das.example.com","iss":"das.example.com"})";

TEST(TokenBase64UrlTest, RoundTripsEveryLength) {
  std::string bytes;
  for (int length = 0; length < 70; ++length) {
    std::string encoded = encodeBase64Url(bytes);
    EXPECT_EQ(encoded.find_first_of("=+/"), std::string::npos);
    auto decoded = decodeBase64Url(encoded);
    ASSERT_TRUE(decoded.has_value()) << length;
    EXPECT_EQ(*decoded, bytes);
    bytes += static_cast<char>(length * 37 + 250);
  }
  EXPECT_EQ(encodeBase64Url("\xfb\xff"), "-_8");
}

TEST(TokenBase64UrlTest, RefusesPaddingForeignCharactersAndImpossibleLengths) {
  EXPECT_FALSE(decodeBase64Url("QQ=="));
  EXPECT_FALSE(decodeBase64Url("QQ="));
  EXPECT_FALSE(decodeBase64Url("a+b/"));
  EXPECT_FALSE(decodeBase64Url("QU JD"));
  EXPECT_FALSE(decodeBase64Url("QUJD\n"));
  EXPECT_FALSE(decodeBase64Url(std::string("QU\0D", 4)));
  EXPECT_FALSE(decodeBase64Url("QUJDR"));  // 4n+1
  EXPECT_FALSE(decodeBase64Url("é"));
  EXPECT_TRUE(decodeBase64Url("").has_value());
}

TEST(TokenBase64UrlTest, RefusesNonCanonicalTrailingBits) {
  EXPECT_EQ(decodeBase64Url("QQ"), std::optional<std::string>("A"));
  EXPECT_FALSE(decodeBase64Url("QR"));   // same byte, a second spelling
  EXPECT_FALSE(decodeBase64Url("QUJ"));  // "AB" is "QUI"
}

TEST(TokenBase64UrlTest, DecodesConfigurationBase64Leniently) {
  EXPECT_EQ(decodeBase64Lenient("+/8="), std::optional<std::string>("\xfb\xff"));
  EXPECT_EQ(decodeBase64Lenient("-_8"), std::optional<std::string>("\xfb\xff"));
  EXPECT_FALSE(decodeBase64Lenient("+_8="));  // mixed alphabets
  EXPECT_FALSE(decodeBase64Lenient("+/8 ="));
}

class TokenJwsTest : public ::testing::Test {
 protected:
  PemPair pems_ = generateP256();
  JwsKey signer_ = must(JwsKey::es256FromPem(pems_.private_pem));
  JwsKey verifier_ = must(JwsKey::es256FromPem(pems_.public_pem));
  JwsKey hmac_ = must(JwsKey::hs256FromSecret(std::string(32, 'k')));
};

TEST_F(TokenJwsTest, SignsAndVerifiesEs256RoundTrip) {
  auto token = signJws(kPayload, signer_);
  ASSERT_OK(token);
  auto jws = verifyJws(token.value(), verifier_);
  ASSERT_OK(jws);
  EXPECT_EQ(jws.value().payload, kPayload);
  EXPECT_EQ(jws.value().algorithm, "ES256");
  EXPECT_EQ(jws.value().header, (model::Json{{"alg", "ES256"}, {"typ", "JWT"}}));
  EXPECT_EQ(jws.value().signature.size(), 64u);  // R||S, not DER
  EXPECT_OK(verifyJws(token.value(), signer_));  // a private key verifies too
}

TEST_F(TokenJwsTest, SignsAndVerifiesHs256RoundTrip) {
  auto token = signJws(kPayload, hmac_);
  ASSERT_OK(token);
  auto jws = verifyJws(token.value(), hmac_);
  ASSERT_OK(jws);
  EXPECT_EQ(jws.value().payload, kPayload);
  EXPECT_EQ(jws.value().signature.size(), 32u);
}

TEST_F(TokenJwsTest, MatchesRfc7515Hs256Example) {
  // RFC 7515 Appendix A.1: the published token verifies with the published key.
  auto key = must(JwsKey::hs256FromBase64(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"));
  const std::string token =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVl"
      "fQ."
      "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  EXPECT_OK(verifyJws(token, key));
}

TEST_F(TokenJwsTest, RefusesAlgNoneForEveryKey) {
  std::string unsecured =
      encodeBase64Url(R"({"alg":"none","typ":"JWT"})") + "." + encodeBase64Url(kPayload) + ".";
  EXPECT_REASON(verifyJws(unsecured, verifier_), "token.alg_mismatch");
  EXPECT_REASON(verifyJws(unsecured, hmac_), "token.alg_mismatch");
  ASSERT_RSC(verifyJws(unsecured, hmac_), model::Rsc::kOriginatorHasNoPrivilege);
}

TEST_F(TokenJwsTest, RefusesHs256SignedWithThePublicKeyPem) {
  // Algorithm confusion: the attacker knows the issuer's public key and uses its PEM bytes as
  // an HMAC secret. A verifier that let the header pick the algorithm would accept this.
  auto forged_key = must(JwsKey::hs256FromSecret(pems_.public_pem));
  auto forged = signJws(kPayload, forged_key);
  ASSERT_OK(forged);
  EXPECT_REASON(verifyJws(forged.value(), verifier_), "token.alg_mismatch");
  // And an ES256 header on an HMAC tag fails as a signature.
  std::string relabelled =
      replacePart(forged.value(), 0, encodeBase64Url(R"({"alg":"ES256","typ":"JWT"})"));
  EXPECT_REASON(verifyJws(relabelled, verifier_), "token.bad_signature");
}

TEST_F(TokenJwsTest, RefusesTokenSignedWithAnotherKey) {
  auto other = must(JwsKey::es256FromPem(generateP256().private_pem));
  auto token = signJws(kPayload, other);
  ASSERT_OK(token);
  EXPECT_REASON(verifyJws(token.value(), verifier_), "token.bad_signature");
  auto other_hmac = must(JwsKey::hs256FromSecret(std::string(32, 'j')));
  auto hmac_token = signJws(kPayload, other_hmac);
  ASSERT_OK(hmac_token);
  EXPECT_REASON(verifyJws(hmac_token.value(), hmac_), "token.bad_signature");
}

TEST_F(TokenJwsTest, RefusesTruncatedOrExtendedSignature) {
  for (const JwsKey* key : {&signer_, &hmac_}) {
    auto token = signJws(kPayload, *key);
    ASSERT_OK(token);
    std::string signature = *decodeBase64Url(partOf(token.value(), 2));
    for (std::string changed : {signature.substr(0, signature.size() - 1), signature.substr(1),
                                signature + '\0', std::string()}) {
      EXPECT_REASON(verifyJws(replacePart(token.value(), 2, encodeBase64Url(changed)), *key),
                    "token.bad_signature");
    }
    std::string flipped = signature;
    flipped[5] ^= 0x01;
    EXPECT_REASON(verifyJws(replacePart(token.value(), 2, encodeBase64Url(flipped)), *key),
                  "token.bad_signature");
  }
}

TEST_F(TokenJwsTest, RefusesTamperedPayloadOrHeader) {
  auto token = signJws(kPayload, signer_);
  ASSERT_OK(token);
  std::string payload = R"({"jti":"t1@das.example.com","iss":"das.example.com","x":1})";
  EXPECT_REASON(verifyJws(replacePart(token.value(), 1, encodeBase64Url(payload)), verifier_),
                "token.bad_signature");
  EXPECT_REASON(
      verifyJws(replacePart(token.value(), 0, encodeBase64Url(R"({"alg":"ES256"})")), verifier_),
      "token.bad_signature");
}

TEST_F(TokenJwsTest, RefusesCritEvenWhenSigned) {
  std::string token =
      signWithHeader(R"({"alg":"ES256","crit":["exp"],"exp":1})", kPayload, signer_);
  EXPECT_REASON(verifyJws(token, verifier_), "token.crit_unsupported");
}

TEST_F(TokenJwsTest, AppliesTheOneM2MHeaderProfile) {
  EXPECT_REASON(
      verifyJws(signWithHeader(R"({"alg":"ES256","cty":"JWT"})", kPayload, signer_), verifier_),
      "token.bad_header");
  EXPECT_REASON(
      verifyJws(signWithHeader(R"({"alg":"ES256","typ":"at+jwt"})", kPayload, signer_), verifier_),
      "token.bad_header");
  EXPECT_OK(verifyJws(signWithHeader(R"({"alg":"ES256"})", kPayload, signer_), verifier_));
  EXPECT_OK(
      verifyJws(signWithHeader(R"({"alg":"ES256","typ":"jwt"})", kPayload, signer_), verifier_));
  EXPECT_OK(verifyJws(
      signWithHeader(R"({"alg":"ES256","typ":"application/JWT"})", kPayload, signer_), verifier_));
}

TEST_F(TokenJwsTest, IgnoresKeysNamedInTheHeader) {
  // A header that points at the attacker's own key changes nothing: the key is configured.
  auto attacker = generateP256();
  auto attacker_key = must(JwsKey::es256FromPem(attacker.private_pem));
  std::string header = R"({"alg":"ES256","jku":"https://evil.example/keys","kid":"evil"})";
  EXPECT_REASON(verifyJws(signWithHeader(header, kPayload, attacker_key), verifier_),
                "token.bad_signature");
}

TEST_F(TokenJwsTest, RefusesOversizedTokenAndHeader) {
  std::string huge = signWithHeader(R"({"alg":"HS256"})", std::string(13000, 'x'), hmac_);
  ASSERT_GT(huge.size(), 16u << 10);
  EXPECT_REASON(verifyJws(huge, hmac_), "token.too_large");
  ASSERT_RSC(verifyJws(huge, hmac_), model::Rsc::kBadRequest);
  std::string big_header = R"({"alg":"HS256","pad":")" + std::string(1100, 'p') + "\"}";
  EXPECT_REASON(verifyJws(signWithHeader(big_header, kPayload, hmac_), hmac_), "token.too_large");
  // Just under the caps is fine.
  std::string fits = R"({"alg":"HS256","pad":")" + std::string(990, 'p') + "\"}";
  EXPECT_OK(verifyJws(signWithHeader(fits, std::string(10000, 'x'), hmac_), hmac_));
  JwsLimits tight;
  tight.max_token_bytes = 100;
  EXPECT_REASON(parseJws(signWithHeader(R"({"alg":"HS256"})", kPayload, hmac_), tight),
                "token.too_large");
}

TEST_F(TokenJwsTest, RefusesDeeplyNestedHeaderWithoutRecursing) {
  std::string deep = R"({"alg":"HS256","x":)" + std::string(300, '[') + std::string(300, ']') + "}";
  EXPECT_REASON(verifyJws(signWithHeader(deep, kPayload, hmac_), hmac_), "token.malformed");
  std::string allowed = R"({"alg":"HS256","x":[[[]]]})";
  EXPECT_OK(verifyJws(signWithHeader(allowed, kPayload, hmac_), hmac_));
}

TEST_F(TokenJwsTest, ReportsJweAsUnsupported) {
  EXPECT_REASON(parseJws("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q.dGFn"),
                "token.jwe_unsupported");
}

TEST_F(TokenJwsTest, RefusesSigningWithAPublicKey) {
  EXPECT_FALSE(verifier_.canSign());
  EXPECT_TRUE(signer_.canSign());
  EXPECT_REASON(signJws(kPayload, verifier_), "token.cannot_sign");
}

TEST_F(TokenJwsTest, RefusesEveryTokenOfTheHostileCorpus) {
  std::ifstream corpus(std::filesystem::path(CITADEL_TEST_CORPUS_DIR) / "tokens" /
                       "hostile_jws.txt");
  ASSERT_TRUE(corpus.good());
  std::string line;
  std::string why;
  size_t cases = 0;
  while (std::getline(corpus, line)) {
    if (line.starts_with("#")) {
      why = line;
      continue;
    }
    size_t space = line.find(' ');
    ASSERT_NE(space, std::string::npos) << line;
    std::string expected = line.substr(0, space);
    std::string token = line.substr(space + 1);
    auto verified = verifyJws(token, verifier_);
    EXPECT_FALSE(verified.isOk()) << why;
    EXPECT_REASON(verified, expected) << why;
    if (token.size() > 16) {  // messages never echo the token
      EXPECT_EQ(::citadel::testing::statusOf(verified).dbg().find(token), std::string::npos);
    }
    ++cases;
  }
  EXPECT_GE(cases, 40u);
}

TEST(TokenJwsKeyTest, LoadsOnlyP256Keys) {
  EXPECT_OK(JwsKey::es256FromPem(generateP256().public_pem));
  EXPECT_REASON(JwsKey::es256FromPem(generateKey("EC", "P-384").public_pem), "token.bad_key");
  EXPECT_REASON(JwsKey::es256FromPem(generateKey("RSA", nullptr).public_pem), "token.bad_key");
  EXPECT_REASON(
      JwsKey::es256FromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
      "token.bad_key");
  EXPECT_REASON(JwsKey::es256FromPem(""), "token.bad_key");
  EXPECT_REASON(JwsKey::es256FromPem("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                                     "-----END ENCRYPTED PRIVATE KEY-----\n"),
                "token.bad_key");
}

TEST(TokenJwsKeyTest, LoadsHs256SecretsOfAtLeast32Bytes) {
  EXPECT_REASON(JwsKey::hs256FromSecret(std::string(31, 'k')), "token.bad_key");
  EXPECT_REASON(JwsKey::hs256FromSecret(std::string(1025, 'k')), "token.bad_key");
  EXPECT_OK(JwsKey::hs256FromHex(std::string(64, 'a')));
  EXPECT_OK(JwsKey::hs256FromHex(std::string(64, 'F')));
  EXPECT_REASON(JwsKey::hs256FromHex(std::string(63, 'a')), "token.bad_key");
  EXPECT_REASON(JwsKey::hs256FromHex(std::string(62, 'a') + "zz"), "token.bad_key");
  EXPECT_OK(JwsKey::hs256FromBase64(std::string(43, 'A')));
  EXPECT_REASON(JwsKey::hs256FromBase64("c2hvcnQ="), "token.bad_key");
  // The same secret in hex and in base64 is the same key.
  auto hex = JwsKey::hs256FromHex(std::string(64, '0'));
  auto b64 = JwsKey::hs256FromBase64(std::string(43, 'A'));
  ASSERT_OK(hex);
  ASSERT_OK(b64);
  auto token = signJws(kPayload, hex.value());
  ASSERT_OK(token);
  EXPECT_OK(verifyJws(token.value(), b64.value()));
}

TEST(TokenJwsKeyTest, NeverPutsKeyMaterialInMessages) {
  std::string secret_hex = "00112233445566778899aabbccddeeff0011223344556677889900zz";
  auto refused = JwsKey::hs256FromHex(secret_hex);
  ASSERT_FALSE(refused.isOk());
  EXPECT_EQ(refused.status().dbg().find("0011223344"), std::string::npos);
}

}  // namespace
}  // namespace citadel::security::token
