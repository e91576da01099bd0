// TokenType and the <token> rows of the policy table (TS-0004 §7.4.41): the m2m:tokenID format
// of tkid, m2m:dynAuthJWT for tkob, the m2m:tokenPermissions shape of tkps, tknb <= tkna, and
// immutability except et / lbl / acpi / daci, with hostile values (4000 naming the attribute).
#include "resources/types/token.h"

#include <gtest/gtest.h>

#include <string>

#include "resources/types/authorization_formats.h"
#include "resources/types/token_permissions.h"
#include "tests/support/status_macros.h"
#include "tests/unit/resources/type_checks.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::ResourceType;
using model::Rsc;
using testing::checkCreate;
using testing::checkUpdate;
using testing::expectBad;

constexpr const char* kJws = "eyJhbGciOiJFUzI1NiJ9.eyJqdGkiOiJ0MUBkYXMuY29tIn0.c2lnbmF0dXJl";

Json validToken() { return {{"tkid", "t1@das.example.com"}, {"tkob", kJws}}; }

Json tokenWith(const std::string& name, Json value) {
  Json token = validToken();
  token[name] = std::move(value);
  return token;
}

Json acrs() { return {{"acr", {{{"acor", {"Cholder"}}, {"acop", 2}}}}}; }

Json permissions(Json permission) { return {{"pm", Json::array({std::move(permission)})}}; }

class TokenTest : public ::testing::Test {
 protected:
  TokenType token_;
};

TEST_F(TokenTest, AcceptsAMinimalAndAFullToken) {
  EXPECT_OK(checkCreate(token_, validToken()));
  Json full = validToken();
  full.update({{"rn", "t1"},
               {"vr", "1"},
               {"tkis", "CDas"},
               {"tkhd", "Cholder"},
               {"tknb", "20240101T000000"},
               {"tkna", "20991231T235959"},
               {"tknm", "reader token"},
               {"tkau", {"/id-in", "/id-mn"}},
               {"tkps", {{"pm", {{{"ris", {"cnt1"}}, {"pv", acrs()}},
                                 {{"rids", {"reader@role-issuer.com"}}}}}}},
               {"tkex", "{\"app\":1}"},
               {"acpi", {"acp1"}},
               {"daci", {"dac1"}},
               {"lbl", {"k"}}});
  EXPECT_OK(checkCreate(token_, full));
  // A JWE compact serialization is a token object too.
  EXPECT_OK(checkCreate(token_, tokenWith("tkob", "eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVy.dGFn")));
}

TEST_F(TokenTest, RefusesEachMissingMandatoryAttribute) {
  for (const char* name : {"tkid", "tkob"}) {
    Json token = validToken();
    token.erase(name);
    expectBad(checkCreate(token_, token), std::string("'") + name + "'");
  }
}

TEST_F(TokenTest, RefusesMalformedTokenIds) {
  for (const Json& bad : {Json("t1"), Json("t1@"), Json("@das.example.com"), Json("t 1@das.com"),
                          Json("t1@DAS.example.com"), Json("t1@das.example.com/x"),
                          Json(std::string(300, 't') + "@das.com"), Json(1), Json::object()}) {
    expectBad(checkCreate(token_, tokenWith("tkid", bad)), "'tkid'");
  }
}

TEST_F(TokenTest, RefusesMalformedTokenObjectsWithoutEchoingThem) {
  const std::string secret = "c2VjcmV0";
  for (const Json& bad : {Json("eyJhbGciOiJFUzI1NiJ9." + secret), Json("a.b.c.d"),
                          Json("a.b.c.d.e.f"), Json("eyJhbGci.b.c" + secret + "="),
                          Json("a.b+" + secret + ".c"), Json("a." + secret + ".c d"),
                          Json(".e30." + secret), Json("a.e30."), Json(""),
                          Json("{\"alg\":\"none\"}"), Json(12), Json::array({kJws}),
                          Json("a." + std::string(kMaxTokenObjectBytes, 'A') + ".c")}) {
    model::Status status = checkCreate(token_, tokenWith("tkob", bad));
    expectBad(status, "'tkob'");
    EXPECT_EQ(status.dbg().find(secret), std::string::npos) << "dbg echoes the token";
  }
}

TEST_F(TokenTest, RefusesWrongTypesOfOptionalAttributes) {
  expectBad(checkCreate(token_, tokenWith("vr", 1)), "'vr'");
  expectBad(checkCreate(token_, tokenWith("tkis", "")), "'tkis'");
  expectBad(checkCreate(token_, tokenWith("tkhd", Json::array())), "'tkhd'");
  expectBad(checkCreate(token_, tokenWith("tknb", "2024-01-01")), "'tknb'");
  expectBad(checkCreate(token_, tokenWith("tknm", false)), "'tknm'");
  expectBad(checkCreate(token_, tokenWith("tkau", "/id-in")), "'tkau'");
  expectBad(checkCreate(token_, tokenWith("tkau", {"/id-in", 3})), "'tkau'");
  expectBad(checkCreate(token_, tokenWith("tkps", Json::array())), "'tkps'");
  expectBad(checkCreate(token_, tokenWith("tkex", Json::object())), "'tkex'");
  expectBad(checkCreate(token_, tokenWith("rlid", "r@x.com")), "'rlid'");  // a role's
}

TEST_F(TokenTest, RefusesAWindowThatNeverOpens) {
  Json token = validToken();
  token["tknb"] = "20300101T000001";
  token["tkna"] = "20300101T000000";
  expectBad(checkCreate(token_, token), "tknb");
}

TEST_F(TokenTest, AcceptsWellFormedPermissions) {
  EXPECT_OK(validateTokenPermissions(permissions({{"rids", {"r@role-issuer.com"}}}), "tkps"));
  EXPECT_OK(validateTokenPermissions(permissions({{"ris", {"cnt1"}}, {"pv", acrs()}}), "tkps"));
  EXPECT_OK(validateTokenPermissions(
      permissions({{"ris", {"cnt1"}}, {"rids", {"r@role-issuer.com"}}}), "tkps"));
  EXPECT_OK(validateTokenPermissions(permissions({{"rids", Json::array()}}), "tkps"));
}

TEST_F(TokenTest, RefusesMalformedPermissions) {
  struct Case {
    Json tkps;
    std::string mentions;
  };
  Json too_many = {{"pm", Json::array()}};
  for (size_t i = 0; i <= kMaxTokenPermissions; ++i) {
    too_many["pm"].push_back({{"rids", {"r@role-issuer.com"}}});
  }
  Json many_ris = Json::array();
  for (size_t i = 0; i <= kMaxPermissionResourceIds; ++i) {
    many_ris.push_back("cnt" + std::to_string(i));
  }
  for (const Case& c : std::initializer_list<Case>{
           {Json("pm"), "expected an object"},
           {Json::object(), "'pm'"},
           {{{"pm", Json::array()}}, "non-empty"},
           {{{"pm", Json::object()}}, "'pm'"},
           {{{"pm", {{{"rids", {"r@role-issuer.com"}}}}}, {"extra", 1}}, "'extra'"},
           {{{"pm", {1}}}, "object"},
           {permissions(Json::object()), "at least one"},
           {permissions({{"ris", {"cnt1"}}}), "at least one"},
           {permissions({{"pv", acrs()}}), "'ris'"},
           {permissions({{"ris", "cnt1"}, {"pv", acrs()}}), "pm.ris"},
           {permissions({{"ris", {"cnt 1"}}, {"pv", acrs()}}), "pm.ris"},
           {permissions({{"ris", {""}}, {"pv", acrs()}}), "pm.ris"},
           {permissions({{"ris", many_ris}, {"pv", acrs()}}), "pm.ris"},
           {permissions({{"ris", {"cnt1"}}, {"pv", {{"acr", 1}}}}), "tkps.pm.pv"},
           {permissions({{"ris", {"cnt1"}}, {"pv", {{"acr", {{{"acor", {"x"}}}}}}}}), "acop"},
           {permissions({{"rids", "r@role-issuer.com"}}), "pm.rids"},
           {permissions({{"rids", {"not-a-role-id"}}}), "pm.rids"},
           {permissions({{"rids", {7}}}), "pm.rids"},
           {permissions({{"rids", {"r@role-issuer.com"}}, {"pvs", acrs()}}), "'pm.pvs'"},
           {too_many, "32"},
       }) {
    model::Status status = validateTokenPermissions(c.tkps, "tkps");
    expectBad(status, c.mentions);
    EXPECT_NE(status.dbg().find("tkps"), std::string::npos) << status.dbg();
    // And through the handler.
    expectBad(checkCreate(token_, tokenWith("tkps", c.tkps)), "tkps");
  }
}

TEST_F(TokenTest, IsImmutableExceptLifetimeLabelsAndAccess) {
  EXPECT_OK(checkUpdate(token_, {{"et", "20991231T235959"}}));
  EXPECT_OK(checkUpdate(token_, {{"lbl", {"a"}}}));
  EXPECT_OK(checkUpdate(token_, {{"lbl", nullptr}}));
  EXPECT_OK(checkUpdate(token_, {{"acpi", {"acp1"}}}));
  EXPECT_OK(checkUpdate(token_, {{"daci", {"dac1"}}}));
  for (const char* name :
       {"tkid", "tkob", "vr", "tkis", "tkhd", "tknb", "tkna", "tknm", "tkau", "tkps", "tkex",
        "cstn", "rn", "ri", "ty"}) {
    model::Status status = checkUpdate(token_, {{name, "x"}});
    expectBad(status, std::string("'") + name + "'");
    EXPECT_EQ(status.reason(), "token.immutable") << name;
  }
  // Mixed with an allowed attribute, still refused.
  expectBad(checkUpdate(token_, {{"lbl", {"a"}}, {"tkob", kJws}}), "'tkob'");
}

TEST_F(TokenTest, LeavesMalformedUpdateShapesToGenericChecks) {
  EXPECT_OK(token_.validateUpdate(Json::array()));
  EXPECT_OK(token_.validateUpdate({{"m2m:tk", 1}}));
  EXPECT_OK(token_.validateUpdate({{"a", Json::object()}, {"b", Json::object()}}));
}

TEST_F(TokenTest, LivesUnderTheCseBaseOnlyAndHoldsSubscriptions) {
  EXPECT_EQ(token_.rootName(), "m2m:tk");
  EXPECT_EQ(static_cast<int>(token_.type()), 32);
  EXPECT_TRUE(token_.hasAccessControlPolicyIds());
  EXPECT_TRUE(token_.allowsChild(ResourceType::kSubscription));
  EXPECT_FALSE(token_.allowsChild(ResourceType::kToken));
}

}  // namespace
}  // namespace citadel::resources
