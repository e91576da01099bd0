// Token validation in TS-0003's order (signature and issuer trust, validity window, audience,
// holder), each failure with its own reason; the verification cache (a repeated token skips the
// signature, a token reusing a cached ID with another signature does not; the window, audience
// and holder are rechecked on every hit); trusted-issuer configuration; concurrent use.
#include "security/token/token_verifier.h"

#include <gtest/gtest.h>

#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "security/token/base64url.h"
#include "security/token/jws.h"
#include "security/token/token_minter.h"
#include "tests/support/status_macros.h"
#include "tests/support/test_keys.h"
#include "tests/support/temp_dir.h"

namespace citadel::security::token {
namespace {

using model::Json;
using std::chrono::seconds;


const resources::CseIdentity kThisCse{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
const std::string kHolder = "//citadel.example.com/id-in/Cae1";
const std::string kEsIssuer = "das.example.com";
const std::string kHsIssuer = "aa.example.com";
const model::TimePoint kStart = model::TimePoint(seconds(1798761600));  // 2027-01-01

// A Clock that moves only when told to.
class ManualClock final : public model::Clock {
 public:
  model::TimePoint now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void set(model::TimePoint to) {
    std::lock_guard lock(mutex_);
    now_ = to;
  }

 private:
  mutable std::mutex mutex_;
  model::TimePoint now_ = kStart;
};

using ::citadel::testing::generateP256;
using ::citadel::testing::PemPair;

JwsKey mustKey(model::Result<JwsKey> key) {
  EXPECT_TRUE(key.isOk()) << key.status().dbg();
  return std::move(key).value();
}

TokenClaims baseClaims(const std::string& issuer = kEsIssuer) {
  TokenClaims claims;
  claims.version = "1";
  claims.token_id = "t1@" + issuer;
  claims.holder = kHolder;
  claims.issuer = issuer;
  claims.not_before = kStart - seconds(60);
  claims.not_after = kStart + seconds(3600);
  claims.audience = std::vector<std::string>{"/id-in"};
  return claims;
}

// "<prefix><n>@<issuer>", via a stream: GCC 12's -Wrestrict misfires on "t" + to_string(n).
std::string numberedTokenId(const char* prefix, int n, const std::string& issuer) {
  std::ostringstream id;
  id << prefix << n << '@' << issuer;
  return id.str();
}

class TokenVerifierTest : public ::testing::Test {
 protected:
  TokenVerifierTest() { rebuild({}); }

  void rebuild(TokenVerifierOptions options) {
    TrustedIssuers issuers;
    ASSERT_OK(issuers.add(kEsIssuer, es_public_));
    ASSERT_OK(issuers.add(kHsIssuer, hs_key_));
    verifier_ = std::make_unique<TokenVerifier>(std::move(issuers), clock_, options);
  }

  std::string mint(const TokenClaims& claims) {
    const JwsKey& key = claims.issuer == kHsIssuer ? hs_key_ : es_private_;
    auto token = mintToken(claims, key);
    EXPECT_TRUE(token.isOk()) << token.status().dbg();
    return token.value();
  }

  // A token whose claim set is exactly `claim_set`, correctly signed by the ES256 issuer.
  std::string signRaw(const Json& claim_set) {
    auto token = signJws(claim_set.dump(), es_private_);
    EXPECT_TRUE(token.isOk());
    return token.value();
  }

  model::Result<VerifiedToken> verify(const std::string& token,
                                      const std::string& originator = kHolder,
                                      const resources::CseIdentity& cse = kThisCse) {
    return verifier_->verify(token, cse, originator);
  }

  PemPair pems_ = generateP256();
  JwsKey es_private_ = mustKey(JwsKey::es256FromPem(pems_.private_pem));
  JwsKey es_public_ = mustKey(JwsKey::es256FromPem(pems_.public_pem));
  JwsKey hs_key_ = mustKey(JwsKey::hs256FromSecret(std::string(32, 'h')));
  ManualClock clock_;
  std::unique_ptr<TokenVerifier> verifier_;
};

TEST_F(TokenVerifierTest, AcceptsValidEs256Token) {
  auto verified = verify(mint(baseClaims()));
  ASSERT_OK(verified);
  EXPECT_EQ(verified.value().claims->token_id, "t1@das.example.com");
  EXPECT_EQ(verified.value().claims->holder, kHolder);
  EXPECT_FALSE(verified.value().from_cache);
}

TEST_F(TokenVerifierTest, AcceptsValidHs256Token) {
  auto verified = verify(mint(baseClaims(kHsIssuer)));
  ASSERT_OK(verified);
  EXPECT_EQ(verified.value().claims->issuer, kHsIssuer);
}

TEST_F(TokenVerifierTest, RefusesTokenOfAnUntrustedIssuer) {
  TokenClaims claims = baseClaims();
  claims.issuer = "rogue.example.com";
  auto token = mintToken(claims, es_private_);
  ASSERT_OK(token);
  EXPECT_REASON(verify(token.value()), "token.untrusted_issuer");
  EXPECT_REASON(verify(signRaw(Json::parse(R"({"iss": 5})"))), "token.untrusted_issuer");
  EXPECT_REASON(verify(signRaw(Json::parse(R"({"jti": "x"})"))), "token.missing_claim");
}

TEST_F(TokenVerifierTest, RefusesTokenSignedWithAnotherKey) {
  auto impostor = mustKey(JwsKey::es256FromPem(generateP256().private_pem));
  auto token = mintToken(baseClaims(), impostor);
  ASSERT_OK(token);
  EXPECT_REASON(verify(token.value()), "token.bad_signature");
  ASSERT_RSC(verify(token.value()), model::Rsc::kOriginatorHasNoPrivilege);
}

TEST_F(TokenVerifierTest, RefusesHs256TokenForgedWithTheIssuerPublicKey) {
  auto forged_key = mustKey(JwsKey::hs256FromSecret(pems_.public_pem));
  auto token = mintToken(baseClaims(), forged_key);  // iss = the ES256 issuer
  ASSERT_OK(token);
  EXPECT_REASON(verify(token.value()), "token.alg_mismatch");
}

TEST_F(TokenVerifierTest, RefusesUnsecuredToken) {
  std::string unsecured = encodeBase64Url(R"({"alg":"none","typ":"JWT"})") + "." +
                          encodeBase64Url(tokenClaimsToJson(baseClaims()).dump()) + ".";
  EXPECT_REASON(verify(unsecured), "token.alg_mismatch");
}

TEST_F(TokenVerifierTest, RefusesSignedTokenWithWrongClaimTypes) {
  Json claims = tokenClaimsToJson(baseClaims());
  claims["exp"] = "1798765200";
  EXPECT_REASON(verify(signRaw(claims)), "token.bad_claim");
  claims = tokenClaimsToJson(baseClaims());
  claims["aud"] = 7;
  EXPECT_REASON(verify(signRaw(claims)), "token.bad_claim");
  claims = tokenClaimsToJson(baseClaims());
  claims["tkps"] = "everything";
  EXPECT_REASON(verify(signRaw(claims)), "token.bad_claim");
  claims = tokenClaimsToJson(baseClaims());
  claims["aud"] = Json::array();
  for (int i = 0; i < 100; ++i) {
    claims["aud"].push_back("/id-in");
  }
  EXPECT_REASON(verify(signRaw(claims)), "token.claim_too_large");
}

TEST_F(TokenVerifierTest, RefusesMalformedAndOversizedText) {
  EXPECT_REASON(verify("not a token"), "token.malformed");
  ASSERT_RSC(verify("not a token"), model::Rsc::kBadRequest);
  EXPECT_REASON(verify(std::string(20000, 'a')), "token.too_large");
  EXPECT_REASON(verify("a.b.c.d.e"), "token.jwe_unsupported");
  EXPECT_EQ(verifier_->signatureChecks(), 0u);
}

TEST_F(TokenVerifierTest, RefusesExpiredToken) {
  std::string token = mint(baseClaims());
  clock_.set(kStart + seconds(3600));  // exp itself is already too late (RFC 7519 §4.1.4)
  EXPECT_REASON(verify(token), "token.expired");
  clock_.set(kStart + seconds(3599));
  EXPECT_OK(verify(token));
}

TEST_F(TokenVerifierTest, RefusesNotYetValidToken) {
  std::string token = mint(baseClaims());
  clock_.set(kStart - seconds(61));
  EXPECT_REASON(verify(token), "token.not_yet_valid");
  clock_.set(kStart - seconds(60));  // nbf itself is valid
  EXPECT_OK(verify(token));
}

TEST_F(TokenVerifierTest, ToleratesConfiguredClockSkew) {
  TokenVerifierOptions options;
  options.clock_skew = seconds(30);
  rebuild(options);
  std::string token = mint(baseClaims());
  clock_.set(kStart - seconds(85));
  EXPECT_OK(verify(token));
  clock_.set(kStart + seconds(3629));
  EXPECT_OK(verify(token));
  clock_.set(kStart + seconds(3630));
  EXPECT_REASON(verify(token), "token.expired");
}

TEST_F(TokenVerifierTest, AcceptsEveryFormOfThisCseInTheAudience) {
  for (const char* entry :
       {"/id-in", "//citadel.example.com/id-in", "//citadel.example.com/id-*", "//*/id-in"}) {
    TokenClaims claims = baseClaims();
    claims.audience = std::vector<std::string>{"/id-other", entry};
    claims.token_id = std::string("aud-") + entry + "@das.example.com";
    SCOPED_TRACE(entry);
    EXPECT_OK(verify(mint(claims)));
  }
}

TEST_F(TokenVerifierTest, RefusesTokenForAnotherCse) {
  for (const char* entry :
       {"/id-mn", "//other.example.com/id-in", "/id-in/Cae1", "id-in", "//citadel.example.com"}) {
    TokenClaims claims = baseClaims();
    claims.audience = std::vector<std::string>{entry};
    EXPECT_REASON(verify(mint(claims)), "token.wrong_audience") << entry;
  }
  TokenClaims nobody = baseClaims();
  nobody.audience = std::vector<std::string>{};
  EXPECT_REASON(verify(mint(nobody)), "token.wrong_audience");
}

TEST_F(TokenVerifierTest, AcceptsTokenWithoutAudienceUnlessRequired) {
  TokenClaims claims = baseClaims();
  claims.audience.reset();
  std::string token = mint(claims);
  EXPECT_OK(verify(token));
  TokenVerifierOptions options;
  options.require_audience = true;
  rebuild(options);
  EXPECT_REASON(verify(token), "token.wrong_audience");
}

TEST_F(TokenVerifierTest, RefusesTokenPresentedByAnotherOriginator) {
  std::string token = mint(baseClaims());
  EXPECT_REASON(verify(token, "//citadel.example.com/id-in/Cmallory"), "token.wrong_holder");
  EXPECT_REASON(verify(token, "Cae1x"), "token.wrong_holder");
  EXPECT_REASON(verify(token, "//other.example.com/id-in/Cae1"), "token.wrong_holder");
  EXPECT_REASON(verify(token, ""), "token.wrong_holder");
  // The holder in another form is still the holder.
  EXPECT_OK(verify(token, "Cae1"));
  EXPECT_OK(verify(token, "/id-in/Cae1"));
}

TEST_F(TokenVerifierTest, ChecksInTheSpecOrder) {
  // Expired, for another CSE and another holder at once: the window is reported first; an
  // untrusted issuer comes before all three.
  TokenClaims claims = baseClaims();
  claims.audience = std::vector<std::string>{"/id-mn"};
  std::string token = mint(claims);
  clock_.set(kStart + seconds(7200));
  EXPECT_REASON(verify(token, "Cother"), "token.expired");
  clock_.set(kStart);
  EXPECT_REASON(verify(token, "Cother"), "token.wrong_audience");
  claims.issuer = "rogue.example.com";
  auto rogue = mintToken(claims, es_private_);
  ASSERT_OK(rogue);
  clock_.set(kStart + seconds(7200));
  EXPECT_REASON(verify(rogue.value(), "Cother"), "token.untrusted_issuer");
}

TEST_F(TokenVerifierTest, SkipsSignatureCheckForRepeatedToken) {
  std::string token = mint(baseClaims());
  ASSERT_OK(verify(token));
  EXPECT_EQ(verifier_->signatureChecks(), 1u);
  for (int i = 0; i < 5; ++i) {
    auto again = verify(token);
    ASSERT_OK(again);
    EXPECT_TRUE(again.value().from_cache);
  }
  EXPECT_EQ(verifier_->signatureChecks(), 1u);
  EXPECT_EQ(verifier_->cachedTokens(), 1u);
}

TEST_F(TokenVerifierTest, VerifiesAfreshTokenReusingACachedIdWithAnotherSignature) {
  std::string token = mint(baseClaims());
  ASSERT_OK(verify(token));
  // The same claims signed by someone else: same jti, different signature.
  auto impostor = mustKey(JwsKey::es256FromPem(generateP256().private_pem));
  auto forged = mintToken(baseClaims(), impostor);
  ASSERT_OK(forged);
  EXPECT_REASON(verify(forged.value()), "token.bad_signature");
  EXPECT_EQ(verifier_->signatureChecks(), 2u);
  // The cached token's own signature, altered: a miss, then refused.
  std::string signature = *decodeBase64Url(token.substr(token.rfind('.') + 1));
  signature[10] ^= 0x40;
  std::string tampered = token.substr(0, token.rfind('.') + 1) + encodeBase64Url(signature);
  EXPECT_REASON(verify(tampered), "token.bad_signature");
  EXPECT_EQ(verifier_->signatureChecks(), 3u);
  // ECDSA signatures are randomised: re-signing the same claims gives a second valid token.
  std::string resigned = mint(baseClaims());
  ASSERT_NE(resigned, token);
  auto verified = verify(resigned);
  ASSERT_OK(verified);
  EXPECT_FALSE(verified.value().from_cache);
  EXPECT_EQ(verifier_->signatureChecks(), 4u);
}

TEST_F(TokenVerifierTest, RechecksWindowAudienceAndHolderOnCacheHit) {
  std::string token = mint(baseClaims());
  ASSERT_OK(verify(token));
  EXPECT_REASON(verify(token, "Cmallory"), "token.wrong_holder");
  resources::CseIdentity other_cse = kThisCse;
  other_cse.cse_id = "/id-mn";
  EXPECT_REASON(verify(token, kHolder, other_cse), "token.wrong_audience");
  clock_.set(kStart + seconds(4000));
  EXPECT_REASON(verify(token), "token.expired");
  EXPECT_EQ(verifier_->signatureChecks(), 1u);  // all of the above came from the cache
  EXPECT_EQ(verifier_->cachedTokens(), 0u);     // and the expired one was dropped
}

TEST_F(TokenVerifierTest, CachesOnlyTokensThatPassedEveryCheck) {
  std::string token = mint(baseClaims());
  EXPECT_REASON(verify(token, "Cmallory"), "token.wrong_holder");
  EXPECT_EQ(verifier_->cachedTokens(), 0u);
  ASSERT_OK(verify(token));
  EXPECT_EQ(verifier_->cachedTokens(), 1u);
  EXPECT_EQ(verifier_->signatureChecks(), 2u);
}

TEST_F(TokenVerifierTest, BoundsTheCache) {
  TokenVerifierOptions options;
  options.cache_capacity = 2;
  rebuild(options);
  std::vector<std::string> tokens;
  for (int i = 0; i < 3; ++i) {
    TokenClaims claims = baseClaims();
    claims.token_id = numberedTokenId("t", i, kEsIssuer);
    tokens.push_back(mint(claims));
    ASSERT_OK(verify(tokens.back()));
  }
  EXPECT_EQ(verifier_->cachedTokens(), 2u);
  EXPECT_EQ(verifier_->signatureChecks(), 3u);
  ASSERT_OK(verify(tokens[2]));  // recent: a hit
  EXPECT_EQ(verifier_->signatureChecks(), 3u);
  ASSERT_OK(verify(tokens[0]));  // least recently used: evicted, verified again
  EXPECT_EQ(verifier_->signatureChecks(), 4u);
}

TEST_F(TokenVerifierTest, WorksWithTheCacheDisabled) {
  TokenVerifierOptions options;
  options.cache_capacity = 0;
  rebuild(options);
  std::string token = mint(baseClaims());
  ASSERT_OK(verify(token));
  ASSERT_OK(verify(token));
  EXPECT_EQ(verifier_->signatureChecks(), 2u);
  EXPECT_EQ(verifier_->cachedTokens(), 0u);
}

TEST_F(TokenVerifierTest, VerifiesConcurrently) {
  TokenVerifierOptions options;
  options.cache_capacity = 3;  // smaller than the working set: hits, misses and evictions race
  rebuild(options);
  std::vector<std::string> good;
  for (int i = 0; i < 5; ++i) {
    TokenClaims claims = baseClaims(i % 2 == 0 ? kEsIssuer : kHsIssuer);
    claims.token_id = numberedTokenId("c", i, claims.issuer);
    good.push_back(mint(claims));
  }
  auto impostor = mustKey(JwsKey::es256FromPem(generateP256().private_pem));
  std::string bad = mintToken(baseClaims(), impostor).value();
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      for (int i = 0; i < 150; ++i) {
        const std::string& token = good[(i + w) % good.size()];
        if (!verifier_->verify(token, kThisCse, kHolder).isOk()) {
          ++failures;
        }
        if (i % 10 == 0 && verifier_->verify(bad, kThisCse, kHolder).isOk()) {
          ++failures;
        }
      }
    });
  }
  for (auto& worker : workers) {
    worker.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(verifier_->cachedTokens(), 3u);
}

TEST(TokenTrustedIssuersTest, LoadsConfiguredKeys) {
  testing::TempDir dir("citadel-token");
  PemPair pems = generateP256();
  std::ofstream(dir.file("das.pem")) << pems.public_pem;
  TrustedIssuers issuers;
  ASSERT_OK(issuers.addConfigured("das.example.com", "ES256", dir.file("das.pem")));
  ASSERT_OK(issuers.addConfigured("aa.example.com", "HS256", "hex:" + std::string(64, 'a')));
  ASSERT_OK(issuers.addConfigured("ab.example.com", "HS256", "base64:" + std::string(44, 'B')));
  EXPECT_EQ(issuers.size(), 3u);
  ASSERT_NE(issuers.find("das.example.com"), nullptr);
  EXPECT_EQ(issuers.find("das.example.com")->algorithm(), JwsAlgorithm::kEs256);
  EXPECT_EQ(issuers.find("aa.example.com")->algorithm(), JwsAlgorithm::kHs256);
  EXPECT_EQ(issuers.find("DAS.example.com"), nullptr);
  EXPECT_EQ(issuers.find("nobody"), nullptr);
}

TEST(TokenTrustedIssuersTest, RefusesBadConfiguration) {
  TrustedIssuers issuers;
  EXPECT_REASON(issuers.addConfigured("x", "ES256", "/nonexistent/key.pem"), "token.bad_key");
  EXPECT_REASON(issuers.addConfigured("x", "HS256", std::string(64, 'a')), "token.bad_key");
  EXPECT_REASON(issuers.addConfigured("x", "HS256", "hex:abcd"), "token.bad_key");
  EXPECT_REASON(issuers.addConfigured("x", "none", ""), "token.bad_key");
  EXPECT_REASON(issuers.addConfigured("x", "RS256", "/dev/null"), "token.bad_key");
  ASSERT_OK(issuers.addConfigured("x", "HS256", "hex:" + std::string(64, 'a')));
  EXPECT_REASON(issuers.addConfigured("x", "HS256", "hex:" + std::string(64, 'b')),
                "token.bad_issuer");  // one key per issuer: the algorithm stays pinned
  EXPECT_REASON(issuers.addConfigured("", "HS256", "hex:" + std::string(64, 'b')),
                "token.bad_issuer");
  auto refused = issuers.addConfigured("y", "HS256", "hex:" + std::string(62, 'c') + "zz");
  EXPECT_EQ(refused.dbg().find("cccc"), std::string::npos);  // never the secret
  EXPECT_EQ(issuers.size(), 1u);
}

}  // namespace
}  // namespace citadel::security::token
