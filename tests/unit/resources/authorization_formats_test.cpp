// The value formats shared by <role> and <token> (TS-0004 Table 6.3.3-1): m2m:roleID /
// m2m:tokenID "name@issuer-fqdn", m2m:dynAuthJWT (JWS / JWE compact serialization) and the
// notBefore <= notAfter window, with hostile values.
#include "resources/types/authorization_formats.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Rsc;

TEST(IssuerScopedIdTest, AcceptsTheSpecExamplesAndHostnameLikeIssuers) {
  EXPECT_TRUE(isValidIssuerScopedId("1234abcd@role-issuer.com"));
  EXPECT_TRUE(isValidIssuerScopedId("A.b_c-D@das.example.org"));
  EXPECT_TRUE(isValidIssuerScopedId("r@localhost"));
  EXPECT_TRUE(isValidIssuerScopedId("r@a1.b-2.c"));
  EXPECT_TRUE(isValidIssuerScopedId(std::string(255, 'x') + "@issuer.com"));
}

TEST(IssuerScopedIdTest, RefusesMalformedIds) {
  for (const std::string& bad : {
           std::string(""), std::string("@issuer.com"), std::string("name@"),
           std::string("name"), std::string("name@@issuer.com"), std::string("a@b@issuer.com"),
           std::string("na me@issuer.com"), std::string("name@issuer .com"),
           std::string("na/me@issuer.com"), std::string("name@issuer.com/x"),
           std::string("name@Issuer.com"),  // TS-0004: the FQDN is all lowercase
           std::string("name@issuer..com"), std::string("name@.issuer.com"),
           std::string("name@issuer.com."), std::string("name@-issuer.com"),
           std::string("name@issuer-.com"), std::string("name@iss_uer.com"),
           std::string("name\n@issuer.com"), std::string("n\0me@issuer.com", 15),
           std::string("n\xc3\xa9@issuer.com"), std::string("name@" + std::string(64, 'a')),
           std::string(256, 'x') + "@issuer.com",
           "name@" + std::string(250, 'a') + ".com",  // FQDN over 253 characters
       }) {
    EXPECT_FALSE(isValidIssuerScopedId(bad)) << "accepted '" << bad << "'";
  }
}

TEST(IssuerScopedIdTest, ReportsTheAttributeAndType) {
  EXPECT_OK(checkIssuerScopedId("r1@issuer.com", "rlid", "m2m:roleID"));
  for (const Json& bad : {Json("r1"), Json(42), Json::array({"r1@issuer.com"}), Json(nullptr),
                          Json::object()}) {
    model::Status status = checkIssuerScopedId(bad, "rlid", "m2m:roleID");
    ASSERT_RSC(status, Rsc::kBadRequest);
    EXPECT_EQ(status.reason(), "authorization.bad_issuer_scoped_id");
    EXPECT_NE(status.dbg().find("'rlid'"), std::string::npos) << status.dbg();
    EXPECT_NE(status.dbg().find("m2m:roleID"), std::string::npos) << status.dbg();
  }
}

TEST(CompactJoseTest, AcceptsJwsAndJweCompactSerializations) {
  EXPECT_TRUE(isCompactJose("eyJ0eXAiOiJK.eyJpc3MiOiJqb2UiLA0KIC.dBjftJeZ4CVP"));
  EXPECT_TRUE(isCompactJose("eyJhbGciOiJFUzI1NiJ9..c2ln")) << "JWS with a detached payload";
  EXPECT_TRUE(isCompactJose("eyJ0eXAiOiJK.eyJpc3MiOiJqb2UiLA0KIC.dBjftJeZ4CVP.5eym8TW_c8SuK."
                            "SdiwkIr3a"));
  EXPECT_TRUE(isCompactJose("aGVhZA...Y2lwaGVy.")) << "JWE, direct: empty key, IV and tag";
  EXPECT_TRUE(isCompactJose("a-_b.c.d"));
}

TEST(CompactJoseTest, RefusesOtherShapesAndCharacters) {
  for (const std::string& bad : {
           std::string(""), std::string("abc"), std::string("a.b"), std::string("a.b.c.d"),
           std::string("a.b.c.d.e.f"), std::string(".b.c"), std::string("a.b."),
           std::string(".b.c.d.e"), std::string("a.b.c..e"), std::string("a.b.c="),
           std::string("a+b.c.d"), std::string("a/b.c.d"), std::string("a.b c.d"),
           std::string("a.b.c\n"), std::string("a.b.\xc3\xa9"), std::string("a.b.c\0", 6),
           std::string("{\"alg\":\"none\"}.e30.x"),
       }) {
    EXPECT_FALSE(isCompactJose(bad)) << "accepted '" << bad << "'";
  }
}

TEST(CompactJoseTest, BoundsTheLength) {
  std::string header = "eyJhbGciOiJFUzI1NiJ9.";
  std::string signature = ".c2ln";
  std::string at_limit =
      header + std::string(kMaxTokenObjectBytes - header.size() - signature.size(), 'A') +
      signature;
  ASSERT_EQ(at_limit.size(), kMaxTokenObjectBytes);
  EXPECT_TRUE(isCompactJose(at_limit));
  EXPECT_FALSE(isCompactJose(header + std::string(kMaxTokenObjectBytes, 'A') + signature));
}

TEST(ValidityWindowTest, RefusesNotBeforeAfterNotAfter) {
  EXPECT_OK(checkValidityWindow({{"tknb", "20240101T000000"}, {"tkna", "20250101T000000"}}));
  EXPECT_OK(checkValidityWindow({{"tknb", "20240101T000000"}, {"tkna", "20240101T000000"}}));
  EXPECT_OK(checkValidityWindow({{"tknb", "20240101T000000"}}));
  EXPECT_OK(checkValidityWindow(Json::object()));
  // Malformed values are the generic validator's to report.
  EXPECT_OK(checkValidityWindow({{"tknb", 5}, {"tkna", "20240101T000000"}}));
  model::Status status =
      checkValidityWindow({{"tknb", "20250101T000001"}, {"tkna", "20250101T000000"}});
  ASSERT_RSC(status, Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "authorization.bad_validity_window");
  EXPECT_NE(status.dbg().find("tknb"), std::string::npos);
  // Fractions count.
  EXPECT_FALSE(
      checkValidityWindow({{"tknb", "20250101T000000,5"}, {"tkna", "20250101T000000"}}).isOk());
}

}  // namespace
}  // namespace citadel::resources
