// RoleType and the <role> rows of the policy table (TS-0004 §7.4.40): mandatory attributes,
// the m2m:roleID format of rlid, tknb <= tkna, write-once attributes on UPDATE, parent and
// child rules, with hostile values. Every refusal is 4000 with a dbg naming the attribute.
#include "resources/types/role.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "resources/type_registry.h"
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

Json validRole() {
  return {{"rlid", "reader@role-issuer.com"}, {"tkis", "CRoleAuthority"}, {"tkhd", "Cholder"},
          {"tknb", "20240101T000000"},        {"tkna", "20991231T235959"}};
}

Json roleWith(const std::string& name, Json value) {
  Json role = validRole();
  role[name] = std::move(value);
  return role;
}

class RoleTest : public ::testing::Test {
 protected:
  RoleType role_;
};

TEST_F(RoleTest, AcceptsAMinimalAndAFullRole) {
  EXPECT_OK(checkCreate(role_, validRole()));
  Json full = validRole();
  full.update({{"rn", "reader"}, {"rlnm", "Reader"}, {"rltl", "/id-in/tk1"},
               {"acpi", {"acp1"}}, {"daci", {"dac1"}}, {"cstn", "CAdmin"},
               {"lbl", {"k:v"}}, {"et", "20991231T235959"}});
  EXPECT_OK(checkCreate(role_, full));
}

TEST_F(RoleTest, RefusesEachMissingMandatoryAttribute) {
  for (const char* name : {"rlid", "tkis", "tkhd", "tknb", "tkna"}) {
    Json role = validRole();
    role.erase(name);
    model::Status status = checkCreate(role_, role);
    expectBad(status, std::string("'") + name + "'");
    EXPECT_EQ(status.reason(), "validate.missing_mandatory");
  }
}

TEST_F(RoleTest, RefusesMalformedRoleIds) {
  for (const Json& bad : {Json("reader"), Json("reader@"), Json("@role-issuer.com"),
                          Json("re ader@role-issuer.com"), Json("reader@Role-Issuer.com"),
                          Json("rea/der@role-issuer.com"), Json("a@b@role-issuer.com"),
                          Json(std::string(256, 'r') + "@role-issuer.com"),
                          Json("reader@role-issuer.com\n")}) {
    model::Status status = checkCreate(role_, roleWith("rlid", bad));
    expectBad(status, "'rlid'");
  }
}

TEST_F(RoleTest, RefusesWrongTypes) {
  expectBad(checkCreate(role_, roleWith("rlid", 7)), "'rlid'");
  expectBad(checkCreate(role_, roleWith("rlid", Json::array({"reader@role-issuer.com"}))),
            "'rlid'");
  expectBad(checkCreate(role_, roleWith("rlid", nullptr)), "'rlid'");
  expectBad(checkCreate(role_, roleWith("tkis", "")), "'tkis'");
  expectBad(checkCreate(role_, roleWith("tkhd", "C holder")), "'tkhd'");
  expectBad(checkCreate(role_, roleWith("tknb", "yesterday")), "'tknb'");
  expectBad(checkCreate(role_, roleWith("tkna", 20991231)), "'tkna'");
  expectBad(checkCreate(role_, roleWith("tkna", "20991331T000000")), "'tkna'");
  expectBad(checkCreate(role_, roleWith("rlnm", Json::object())), "'rlnm'");
  expectBad(checkCreate(role_, roleWith("rltl", "has space")), "'rltl'");
  expectBad(checkCreate(role_, roleWith("acpi", "acp1")), "'acpi'");
  expectBad(checkCreate(role_, roleWith("tkps", Json::object())), "'tkps'");  // a token's
  expectBad(checkCreate(role_, roleWith("ri", "rol1")), "'ri'");
}

TEST_F(RoleTest, RefusesAWindowThatNeverOpens) {
  Json role = validRole();
  role["tknb"] = "20300101T000000";
  role["tkna"] = "20290101T000000";
  model::Status status = checkCreate(role_, role);
  expectBad(status, "tknb");
  EXPECT_EQ(status.reason(), "authorization.bad_validity_window");
  role["tkna"] = role["tknb"];
  EXPECT_OK(checkCreate(role_, role));  // a one-instant window is allowed
}

TEST_F(RoleTest, AllowsOnlyTheReadWriteAttributesOnUpdate) {
  EXPECT_OK(checkUpdate(role_, {{"rltl", "/id-in/tk2"}}));
  EXPECT_OK(checkUpdate(role_, {{"rltl", nullptr}}));
  EXPECT_OK(checkUpdate(role_, {{"lbl", {"x"}}, {"et", "20991231T235959"}}));
  EXPECT_OK(checkUpdate(role_, {{"acpi", {"acp2"}}}));
  EXPECT_OK(checkUpdate(role_, {{"daci", {"dac2"}}}));
  for (const char* name : {"rlid", "tkis", "tkhd", "tknb", "tkna", "rlnm", "rn"}) {
    model::Status status = checkUpdate(role_, {{name, validRole().value(name, "x")}});
    expectBad(status, std::string("'") + name + "'");
    EXPECT_EQ(status.reason(), "validate.not_permitted");
  }
}

TEST_F(RoleTest, LivesUnderTheCseBaseOnlyAndHoldsSubscriptions) {
  EXPECT_EQ(role_.rootName(), "m2m:rol");
  EXPECT_EQ(role_.type(), ResourceType::kRole);
  EXPECT_EQ(static_cast<int>(role_.type()), 31);
  EXPECT_TRUE(role_.hasAccessControlPolicyIds());
  EXPECT_TRUE(role_.allowsChild(ResourceType::kSubscription));
  EXPECT_FALSE(role_.allowsChild(ResourceType::kContainer));
  EXPECT_FALSE(role_.allowsChild(ResourceType::kRole));

  TypeRegistry registry;
  CseIdentity identity{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  registerBuiltinTypes(registry, identity);
  const TypeHandler& cse_base = registry.get(ResourceType::kCSEBase);
  const TypeHandler& ae = registry.get(ResourceType::kAE);
  for (ResourceType type : {ResourceType::kRole, ResourceType::kToken,
                            ResourceType::kDynamicAuthorizationConsultation}) {
    EXPECT_TRUE(cse_base.allowsChild(type)) << static_cast<int>(type);
    EXPECT_FALSE(registry.get(ResourceType::kContainer).allowsChild(type));
  }
  EXPECT_FALSE(ae.allowsChild(ResourceType::kRole));
  EXPECT_FALSE(ae.allowsChild(ResourceType::kToken));
  EXPECT_TRUE(ae.allowsChild(ResourceType::kDynamicAuthorizationConsultation));
  std::vector<uint16_t> srt = registry.supportedTypes();
  for (uint16_t ty : {31, 32, 34}) {
    EXPECT_NE(std::find(srt.begin(), srt.end(), ty), srt.end()) << ty;
  }
  EXPECT_EQ(registry.find(31)->rootName(), "m2m:rol");
  EXPECT_EQ(registry.find(32)->rootName(), "m2m:tk");
  EXPECT_EQ(registry.find(34)->rootName(), "m2m:dac");
}

}  // namespace
}  // namespace citadel::resources
