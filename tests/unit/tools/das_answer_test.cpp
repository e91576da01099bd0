// The dres for each decision (grant-once, grant, token, deny, no match), the issued token as a
// CSE's TokenVerifier sees it, and the indirect case: tokens fetched by ID, never another
// holder's, never expired ones.
#include "tools/das/das_answer.h"

#include <gtest/gtest.h>

#include "resources/cse_identity.h"
#include "security/token/jws.h"
#include "security/token/token_verifier.h"
#include "tests/support/status_macros.h"
#include "tests/unit/tools/tool_test_support.h"

namespace citadel::tools::das {
namespace {

using model::Json;
using std::chrono::seconds;
using tools::testing::kStart;
using tools::testing::ManualClock;

const resources::CseIdentity kCse{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
const std::string kIssuer = "das.example.com";
const std::string kHolder = "//citadel.example.com/id-in/Cae1";

class DasAnswerTest : public ::testing::Test {
 protected:
  DasAnswerTest() {
    issuer_.issuer = kIssuer;
    issuer_.audience = {"/id-in"};
    issuer_.key = tools::testing::hs256Key();
  }

  void usePolicy(std::string_view text) {
    auto parsed = parsePolicy(text);
    ASSERT_TRUE(parsed.isOk()) << parsed.status().dbg();
    policy_ = std::move(parsed).value();
  }

  static DasRequest request(int64_t op, std::string target = "cnt1",
                            std::string originator = "Cae1") {
    DasRequest r;
    r.originator = std::move(originator);
    r.operation = op;
    r.target_resource_id = std::move(target);
    return r;
  }

  model::Result<DasAnswer> answer(const DasRequest& r) {
    AnswerContext context{policy_,
                          issuer_,
                          issued_,
                          clock_.now(),
                          Requester{"/id-in", "citadel.example.com"},
                          [this] { return nextName(); }};
    return answerRequest(r, context);
  }

  std::string nextName() {
    std::string name = "t";  // appended, not "t" + …: GCC 12 warns on that (-Wrestrict)
    name += std::to_string(++names_);
    return name;
  }

  security::token::TokenVerifier verifier() {
    security::token::TrustedIssuers issuers;
    EXPECT_OK(issuers.add(kIssuer, tools::testing::hs256Key()));
    return security::token::TokenVerifier(std::move(issuers), clock_);
  }

  Policy policy_;
  TokenIssuerSettings issuer_;
  IssuedTokens issued_;
  ManualClock clock_;
  int names_ = 0;
};

TEST_F(DasAnswerTest, GrantOnceAnswersPrivilegesWithoutLifetime) {
  usePolicy("* * R grant-once\n");
  auto a = answer(request(2));
  ASSERT_OK(a);
  EXPECT_EQ(a.value().dres, Json::parse(R"({"dai":{"gp":{"acr":[{"acor":["Cae1"],"acop":2}]}}})"));
  EXPECT_EQ(a.value().outcome, "grant-once");
  EXPECT_EQ(a.value().delay.count(), 0);
}

TEST_F(DasAnswerTest, GrantAnswersTheRequestedOperationOnlyWithLifetimeInMilliseconds) {
  usePolicy("* * CRUD grant pl=60\n");
  auto a = answer(request(3));
  ASSERT_OK(a);
  EXPECT_EQ(a.value().dres,
            Json::parse(R"({"dai":{"gp":{"acr":[{"acor":["Cae1"],"acop":4}]},"pl":"60000"}})"));
  EXPECT_EQ(a.value().outcome, "grant");
}

TEST_F(DasAnswerTest, DenyAndNoMatchAnswerAnEmptyDres) {
  usePolicy("Cother * * grant-once\n* cnt9 * deny delay=40\n");
  auto denied = answer(request(2, "cnt9"));
  ASSERT_OK(denied);
  EXPECT_EQ(denied.value().dres, Json::object());
  EXPECT_EQ(denied.value().outcome, "deny");
  EXPECT_EQ(denied.value().delay.count(), 40);
  auto unmatched = answer(request(2, "cnt1"));
  ASSERT_OK(unmatched);
  EXPECT_EQ(unmatched.value().dres, Json::object());
  EXPECT_EQ(unmatched.value().outcome, "no-match");
  EXPECT_EQ(unmatched.value().decision.rule, nullptr);
}

TEST_F(DasAnswerTest, TokenRuleIssuesAVerifiableTokenWithTheAskedClaims) {
  usePolicy("* * U token ttl=300 delay=7\n");
  auto a = answer(request(3, "cnt1"));
  ASSERT_OK(a);
  ASSERT_TRUE(a.value().dres.contains("tkns"));
  ASSERT_EQ(a.value().dres["tkns"].size(), 1u);
  EXPECT_FALSE(a.value().dres.contains("dai"));
  EXPECT_EQ(a.value().delay.count(), 7);
  EXPECT_EQ(a.value().token_ids, std::vector<std::string>{"t1@das.example.com"});
  std::string token = a.value().dres["tkns"][0];

  auto verified = verifier().verify(token, kCse, "Cae1");
  ASSERT_OK(verified);
  const security::token::TokenClaims& claims = *verified.value().claims;
  EXPECT_EQ(claims.token_id, "t1@das.example.com");
  EXPECT_EQ(claims.holder, kHolder);
  EXPECT_EQ(claims.issuer, kIssuer);
  EXPECT_EQ(claims.audience, std::vector<std::string>{"/id-in"});
  EXPECT_EQ(claims.not_before, kStart);
  EXPECT_EQ(claims.not_after, kStart + seconds(300));
  ASSERT_TRUE(claims.permissions.has_value());
  ASSERT_EQ(claims.permissions->size(), 1u);
  const auto& permission = claims.permissions->front();
  EXPECT_EQ(permission.resource_ids, std::vector<std::string>{"cnt1"});
  EXPECT_EQ(permission.privileges,
            Json::parse(R"({"acr":[{"acor":["//citadel.example.com/id-in/Cae1"],"acop":4}]})"));
  EXPECT_FALSE(permission.role_ids.has_value());
  EXPECT_EQ(issued_.size(), 1u);
}

TEST_F(DasAnswerTest, IssuedTokenIsRefusedForAnotherHolderAndAfterItsTtl) {
  usePolicy("* * R token ttl=10\n");
  auto a = answer(request(2));
  ASSERT_OK(a);
  std::string token = a.value().dres["tkns"][0];
  auto v = verifier();
  EXPECT_REASON(v.verify(token, kCse, "Cae2"), "token.wrong_holder");
  clock_.advance(seconds(10));
  EXPECT_REASON(v.verify(token, kCse, "Cae1"), "token.expired");
}

TEST_F(DasAnswerTest, TokenWithoutAudienceSettingHasNoAud) {
  issuer_.audience.clear();
  usePolicy("* * R token ttl=10\n");
  auto a = answer(request(2));
  ASSERT_OK(a);
  auto parsed = security::token::parseJws(a.value().dres["tkns"][0].get<std::string>());
  ASSERT_OK(parsed);
  EXPECT_FALSE(Json::parse(parsed.value().payload).contains("aud"));
}

TEST_F(DasAnswerTest, TokenRuleWithoutKeyAnswers5000) {
  issuer_.key.reset();
  usePolicy("* * R token ttl=10\n");
  auto a = answer(request(2));
  ASSERT_RSC(a, model::Rsc::kInternalServerError);
  EXPECT_REASON(a, "das.cannot_issue");
}

TEST_F(DasAnswerTest, TokenIdsReturnTheIssuedTokensOfThisHolderOnly) {
  usePolicy("* * * token ttl=100\n");
  auto mine = answer(request(2));
  ASSERT_OK(mine);
  auto theirs = answer(request(2, "cnt1", "Cae2"));
  ASSERT_OK(theirs);
  // The same holder in its SP-relative form.
  DasRequest fetch = request(2, "cnt1", "/id-in/Cae1");
  fetch.token_ids = std::vector<std::string>{"t1@das.example.com", "t2@das.example.com",
                                             "unknown@das.example.com", "t1@das.example.com"};
  auto found = answer(fetch);
  ASSERT_OK(found);
  EXPECT_TRUE(found.value().by_token_ids);
  EXPECT_EQ(found.value().outcome, "tokens-by-id");
  EXPECT_EQ(found.value().dres, (Json{{"tkns", {mine.value().dres["tkns"][0]}}}));
  EXPECT_EQ(issued_.size(), 2u) << "a tids lookup mints nothing";
}

TEST_F(DasAnswerTest, TokenIdsIgnoreThePolicyAndAnswerEmptyWhenNothingMatches) {
  usePolicy("* * * deny\n");
  DasRequest fetch = request(2);
  fetch.token_ids = std::vector<std::string>{"t1@das.example.com"};
  auto found = answer(fetch);
  ASSERT_OK(found);
  EXPECT_EQ(found.value().dres, Json::object());
  EXPECT_EQ(found.value().decision.rule, nullptr);
}

TEST_F(DasAnswerTest, TokenIdsNeverReturnExpiredTokens) {
  usePolicy("* * * token ttl=5\n");
  ASSERT_OK(answer(request(2)));
  DasRequest fetch = request(2);
  fetch.token_ids = std::vector<std::string>{"t1@das.example.com"};
  clock_.advance(seconds(4));
  EXPECT_EQ(answer(fetch).value().dres["tkns"].size(), 1u);
  clock_.advance(seconds(1));
  EXPECT_EQ(answer(fetch).value().dres, Json::object());
}

TEST_F(DasAnswerTest, TokenIdsAnswerAtMostSixteenTokens) {
  usePolicy("* * * token ttl=100\n");
  DasRequest fetch = request(2);
  fetch.token_ids.emplace();
  for (int i = 0; i < 20; ++i) {
    ASSERT_OK(answer(request(2)));
    fetch.token_ids->push_back(
        std::string("t").append(std::to_string(i + 1)).append("@das.example.com"));
  }
  EXPECT_EQ(answer(fetch).value().dres["tkns"].size(), kMaxTokensPerAnswer);
}

TEST(IssuedTokensTest, EvictsExpiredThenOldestWhenFull) {
  IssuedTokens issued(2);
  issued.remember("a", "h", "A", kStart + seconds(1), kStart);
  issued.remember("b", "h", "B", kStart + seconds(100), kStart);
  // Full at kStart + 5 s: "a" has expired and goes first.
  issued.remember("c", "h", "C", kStart + seconds(100), kStart + seconds(5));
  EXPECT_EQ(issued.find({"a", "b", "c"}, "h", kStart + seconds(5)),
            (std::vector<std::string>{"B", "C"}));
  // Full again with nothing expired: the oldest ("b") goes.
  issued.remember("d", "h", "D", kStart + seconds(100), kStart + seconds(6));
  EXPECT_EQ(issued.find({"b", "c", "d"}, "h", kStart + seconds(6)),
            (std::vector<std::string>{"C", "D"}));
  EXPECT_EQ(issued.size(), 2u);
}

TEST(IssuedTokensTest, ReplacesATokenIssuedAgainUnderTheSameId) {
  IssuedTokens issued(4);
  issued.remember("a", "h1", "A1", kStart + seconds(10), kStart);
  issued.remember("a", "h2", "A2", kStart + seconds(10), kStart);
  EXPECT_TRUE(issued.find({"a"}, "h1", kStart).empty());
  EXPECT_EQ(issued.find({"a"}, "h2", kStart), std::vector<std::string>{"A2"});
  EXPECT_EQ(issued.size(), 1u);
}

}  // namespace
}  // namespace citadel::tools::das
