// oneM2M JWT claims (TS-0003 Table 7.3.2.6.2-1, TS-0004 m2m:tokenClaimSet): the mapping both
// ways, strict types on the claims we use, caps on sizes, unknown claims ignored, and minting
// that refuses what a verifier would refuse.
#include "security/token/token_claims.h"

#include <gtest/gtest.h>

#include <string>

#include "security/token/jws.h"
#include "security/token/jws_key.h"
#include "security/token/token_minter.h"
#include "tests/support/status_macros.h"

namespace citadel::security::token {
namespace {

using model::Json;


Json minimalClaims() {
  return {{"tkvr", "1"},
          {"jti", "t1@das.example.com"},
          {"azp", "//citadel.example.com/id-in/Cae1"},
          {"iss", "das.example.com"},
          {"nbf", 1798761600},
          {"exp", 1798765200}};
}

Json fullClaims() {
  Json claims = minimalClaims();
  claims["tknm"] = "lamp reader";
  claims["aud"] = Json::parse(R"(["/id-in", "//citadel.example.com/id-mn"])");
  claims["tkps"] = Json::parse(R"({"pm": [
      {"ris": ["cnt1", "/id-in/cnt2"],
       "pv": {"acr": [{"acor": ["//citadel.example.com/id-in/Cae1"], "acop": 2}]},
       "rids": ["reader@aa.example.com"]},
      {}]})");
  claims["tkex"] = "opaque";
  return claims;
}

Json with(Json claims, const std::string& name, Json value) {
  claims[name] = std::move(value);
  return claims;
}

Json without(Json claims, const std::string& name) {
  claims.erase(name);
  return claims;
}

TEST(TokenClaimsTest, ParsesEveryClaimOfTheMapping) {
  auto claims = tokenClaimsFromJson(fullClaims());
  ASSERT_OK(claims);
  const TokenClaims& c = claims.value();
  EXPECT_EQ(c.version, "1");
  EXPECT_EQ(c.token_id, "t1@das.example.com");
  EXPECT_EQ(c.holder, "//citadel.example.com/id-in/Cae1");
  EXPECT_EQ(c.issuer, "das.example.com");
  EXPECT_EQ(c.not_before, model::TimePoint(std::chrono::seconds(1798761600)));
  EXPECT_EQ(c.not_after, model::TimePoint(std::chrono::seconds(1798765200)));
  EXPECT_EQ(c.token_name, std::optional<std::string>("lamp reader"));
  ASSERT_TRUE(c.audience.has_value());
  EXPECT_EQ(*c.audience, (std::vector<std::string>{"/id-in", "//citadel.example.com/id-mn"}));
  ASSERT_TRUE(c.permissions.has_value());
  ASSERT_EQ(c.permissions->size(), 2u);
  const TokenPermission& first = (*c.permissions)[0];
  EXPECT_EQ(first.resource_ids, (std::vector<std::string>{"cnt1", "/id-in/cnt2"}));
  ASSERT_TRUE(first.privileges.has_value());
  EXPECT_EQ((*first.privileges)["acr"][0]["acop"], 2);
  EXPECT_EQ(first.role_ids, (std::vector<std::string>{"reader@aa.example.com"}));
  const TokenPermission& second = (*c.permissions)[1];
  EXPECT_FALSE(second.resource_ids.has_value());  // absent: not the same as empty
  EXPECT_FALSE(second.privileges.has_value());
  EXPECT_FALSE(second.role_ids.has_value());
  EXPECT_EQ(c.extension, std::optional<std::string>("opaque"));
}

TEST(TokenClaimsTest, LeavesOptionalClaimsEmptyWhenAbsent) {
  auto claims = tokenClaimsFromJson(minimalClaims());
  ASSERT_OK(claims);
  EXPECT_FALSE(claims.value().token_name);
  EXPECT_FALSE(claims.value().audience);
  EXPECT_FALSE(claims.value().permissions);
  EXPECT_FALSE(claims.value().extension);
}

TEST(TokenClaimsTest, RoundTripsThroughTheJwtClaimSet) {
  auto claims = tokenClaimsFromJson(fullClaims());
  ASSERT_OK(claims);
  EXPECT_EQ(tokenClaimsToJson(claims.value()), fullClaims());
  auto again = tokenClaimsFromJson(tokenClaimsToJson(claims.value()));
  ASSERT_OK(again);
  EXPECT_EQ(again.value(), claims.value());
}

TEST(TokenClaimsTest, AcceptsVrForVersionAndAStringAudience) {
  Json json = without(minimalClaims(), "tkvr");
  json["vr"] = "2";
  json["aud"] = "/id-in";
  auto parsed = tokenClaimsFromJson(json);
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value().version, "2");
  EXPECT_EQ(parsed.value().audience, (std::vector<std::string>{"/id-in"}));
}

TEST(TokenClaimsTest, AcceptsFractionalNumericDates) {
  auto claims = tokenClaimsFromJson(with(minimalClaims(), "exp", 1798765200.5));
  ASSERT_OK(claims);
  EXPECT_EQ(claims.value().not_after,
            model::TimePoint(std::chrono::milliseconds(int64_t{1798765200500})));
}

TEST(TokenClaimsTest, IgnoresUnknownClaims) {
  Json json = minimalClaims();
  json["sub"] = {{"nested", {1, 2, 3}}};
  json["x-vendor"] = nullptr;
  EXPECT_OK(tokenClaimsFromJson(json));
}

TEST(TokenClaimsTest, RefusesMissingMandatoryClaims) {
  for (const char* name : {"tkvr", "jti", "azp", "iss", "nbf", "exp"}) {
    EXPECT_REASON(tokenClaimsFromJson(without(minimalClaims(), name)), "token.missing_claim")
        << name;
  }
}

TEST(TokenClaimsTest, RefusesWrongTypes) {
  // Claim name, then its value as JSON text.
  const std::pair<const char*, const char*> cases[] = {
      {"exp", R"("1798765200")"},  // a numeric string is not a NumericDate
      {"exp", "true"},
      {"nbf", "[1]"},
      {"exp", "-1"},
      {"exp", "1e300"},
      {"exp", "9.5e9"},  // past what a TimePoint can hold
      {"aud", "42"},
      {"aud", R"(["/id-in", 7])"},
      {"aud", R"({"id": "/id-in"})"},
      {"aud", R"([""])"},
      {"jti", "17"},
      {"jti", R"("")"},
      {"jti", R"("t1\n@das")"},  // control characters would reach the logs
      {"azp", "null"},
      {"iss", R"(["das.example.com"])"},
      {"tkvr", "1"},
      {"tknm", "5"},
      {"tkex", R"({"opaque": true})"},     // xs:string in TS-0004
      {"tkps", R"([{"ris": ["cnt1"]}])"},  // a bare list, not {"pm": [...]}
      {"tkps", R"("all")"},
      {"tkps", R"({"pm": "all"})"},
      {"tkps", R"({"pm": ["cnt1"]})"},
      {"tkps", R"({"pm": [{"ris": "cnt1"}]})"},
      {"tkps", R"({"pm": [{"rids": [1]}]})"},
      {"tkps", R"({"pm": [{"pv": {"acr": [{"acor": ["all"], "acop": "2"}]}}]})"},
      {"tkps", R"({"pm": [{"pv": {"acr": [{"acor": ["all"], "acop": 64}]}}]})"},
      {"tkps", R"({"pm": [{"pv": {"acr": [{"acor": "all", "acop": 2}]}}]})"},
      {"tkps", R"({"pm": [{"pv": {"rules": []}}]})"},
      {"tkps", R"({"pm": [{"pv": [{"acor": ["all"], "acop": 2}]}]})"},
  };
  for (const auto& [name, value] : cases) {
    auto result = tokenClaimsFromJson(with(minimalClaims(), name, Json::parse(value)));
    EXPECT_REASON(result, "token.bad_claim") << name << " = " << value;
    EXPECT_EQ(::citadel::testing::statusOf(result).rsc(), model::Rsc::kOriginatorHasNoPrivilege);
  }
}

TEST(TokenClaimsTest, RefusesOversizedClaims) {
  Json many_audiences = Json::array();
  for (int i = 0; i < 33; ++i) {
    many_audiences.push_back("/id-" + std::to_string(i));
  }
  Json many_permissions = Json::array();
  for (int i = 0; i < 33; ++i) {
    many_permissions.push_back(Json::object());
  }
  Json many_resources = Json::array();
  for (int i = 0; i < 65; ++i) {
    many_resources.push_back("cnt" + std::to_string(i));
  }
  struct Case {
    const char* name;
    Json value;
  };
  const Case cases[] = {
      {"jti", std::string(513, 'j')},
      {"azp", std::string(600, 'a')},
      {"tknm", std::string(257, 'n')},
      {"tkex", std::string(4097, 'e')},
      {"aud", many_audiences},
      {"aud", Json::array({std::string(513, 'c')})},
      {"tkps", Json::object({{"pm", many_permissions}})},
      {"tkps", Json::object({{"pm", Json::array({Json::object({{"ris", many_resources}})})}})},
  };
  for (const Case& c : cases) {
    EXPECT_REASON(tokenClaimsFromJson(with(minimalClaims(), c.name, c.value)),
                  "token.claim_too_large")
        << c.name;
  }
  EXPECT_OK(tokenClaimsFromJson(with(minimalClaims(), "jti", std::string(512, 'j'))));
}

TEST(TokenClaimsTest, RefusesPayloadsThatAreNotOneJsonObject) {
  for (std::string payload :
       {std::string(""), std::string("[]"), std::string("\"claims\""), std::string("{"),
        std::string("{} {}"), std::string("{\"jti\":\"a\",\"jti\":\"b\"}"),
        std::string("{\"a\":{\"b\":1,\"b\":2}}"), std::string("{\"x\":\"\xff\"}"),
        std::string("{\"x\":") + std::string(100000, '[') + std::string(100000, ']') + "}",
        std::string("/* c */ {}")}) {
    EXPECT_REASON(parseTokenClaims(payload), "token.malformed") << payload.substr(0, 40);
  }
  EXPECT_OK(parseTokenClaims(fullClaims().dump()));
}

TEST(TokenClaimsTest, AllowsTheNestingThatPrivilegesNeed) {
  Json json = minimalClaims();
  json["tkps"] = Json::parse(R"({"pm": [{"pv": {"acr": [{"acor": ["all"], "acop": 2,
      "acco": [{"actw": ["* * * * * * *"]}]}]}}]})");
  EXPECT_OK(parseTokenClaims(json.dump()));
}

TEST(TokenMinterTest, MintsATokenTheParserReadsBack) {
  auto key = JwsKey::hs256FromSecret(std::string(32, 's'));
  ASSERT_OK(key);
  auto claims = tokenClaimsFromJson(fullClaims());
  ASSERT_OK(claims);
  auto token = mintToken(claims.value(), key.value());
  ASSERT_OK(token);
  auto jws = verifyJws(token.value(), key.value());
  ASSERT_OK(jws);
  EXPECT_EQ(jws.value().header["typ"], "JWT");
  auto parsed = parseTokenClaims(jws.value().payload);
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value(), claims.value());
}

TEST(TokenMinterTest, RefusesToMintWhatAVerifierWouldRefuse) {
  auto key = JwsKey::hs256FromSecret(std::string(32, 's'));
  ASSERT_OK(key);
  auto claims = tokenClaimsFromJson(minimalClaims());
  ASSERT_OK(claims);
  TokenClaims empty_id = claims.value();
  empty_id.token_id.clear();
  EXPECT_REASON(mintToken(empty_id, key.value()), "token.bad_claim");
  TokenClaims crowded = claims.value();
  crowded.audience = std::vector<std::string>(40, "/id-in");
  EXPECT_REASON(mintToken(crowded, key.value()), "token.claim_too_large");
  TokenClaims not_utf8 = claims.value();
  not_utf8.token_name = std::string("lamp \xff");
  EXPECT_REASON(mintToken(not_utf8, key.value()), "token.bad_claim");
}

}  // namespace
}  // namespace citadel::security::token
