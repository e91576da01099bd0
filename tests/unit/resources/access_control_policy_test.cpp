// The m2m:setOfAcrs structure of pv / pvs (TS-0004 §6.3.5.x), checked by the <ACP> handler
// before anything is stored.
#include "resources/types/access_control_policy.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Rsc;

Json rules(Json rule) { return {{"acr", Json::array({std::move(rule)})}}; }

Json baseRule() { return {{"acor", {"CAdmin"}}, {"acop", 63}}; }

Json ruleWith(const std::string& key, Json value) {
  Json rule = baseRule();
  rule[key] = std::move(value);
  return rule;
}

void expectBadRule(const Json& set, std::string_view dbg_mentions = {}) {
  model::Status status = validateSetOfAcrs(set, "pv");
  ASSERT_RSC(status, Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "acp.bad_rule") << set.dump();
  EXPECT_NE(status.dbg().find("'pv'"), std::string::npos) << status.dbg();
  if (!dbg_mentions.empty()) {
    EXPECT_NE(status.dbg().find(dbg_mentions), std::string::npos) << status.dbg();
  }
}

TEST(SetOfAcrsTest, AcceptsMinimalAndEmptyRuleSets) {
  EXPECT_OK(validateSetOfAcrs(rules(baseRule()), "pv"));
  EXPECT_OK(validateSetOfAcrs({{"acr", Json::array()}}, "pv"));
  EXPECT_OK(validateSetOfAcrs(Json::object(), "pv"));
}

TEST(SetOfAcrsTest, AcceptsFullyPopulatedRule) {
  Json rule = {
      {"acor", {"all", "//sp.example", "C*", "/id-in/Cabc", "role1@issuer.example"}},
      {"acop", 1},
      {"acaf", true},
      {"acco",
       {{{"actw", {"* 0-30 8-17 * * 1-5 *"}},
         {"acip", {{"ipv4", {"10.0.0.0/8"}}, {"ipv6", {"fe80::/10"}}}},
         {"aclr", {{"accc", {"DE"}}}}}}},
      {"acod", {{{"chty", {3, 4}}}, {{"ty", 3}, {"chty", {4}}}}},
  };
  EXPECT_OK(validateSetOfAcrs(rules(rule), "pv"));
}

TEST(SetOfAcrsTest, RejectsWrongTopLevelShapes) {
  expectBadRule(Json::array(), "object");
  expectBadRule("all");
  expectBadRule({{"acr", baseRule()}}, "list");
  expectBadRule({{"acr", Json::array()}, {"extra", 1}}, "extra");
}

TEST(SetOfAcrsTest, RejectsMoreThan256Rules) {
  Json set = {{"acr", Json::array()}};
  for (int i = 0; i < 256; ++i) {
    set["acr"].push_back(baseRule());
  }
  EXPECT_OK(validateSetOfAcrs(set, "pv"));
  set["acr"].push_back(baseRule());
  expectBadRule(set, "256");
}

TEST(SetOfAcrsTest, RejectsBadOriginatorLists) {
  expectBadRule({{"acr", {"not an object"}}}, "object");
  expectBadRule(rules({{"acop", 63}}), "acor");
  expectBadRule(rules({{"acor", "all"}, {"acop", 63}}), "acor");
  expectBadRule(rules({{"acor", {""}}, {"acop", 63}}), "acor");
  expectBadRule(rules({{"acor", {1}}, {"acop", 63}}), "acor");
}

TEST(SetOfAcrsTest, RejectsOperationsOutsideOneTo63) {
  expectBadRule(rules({{"acor", {"all"}}}), "acop");
  expectBadRule(rules({{"acor", {"all"}}, {"acop", 0}}), "acop");
  expectBadRule(rules({{"acor", {"all"}}, {"acop", 64}}), "acop");
  expectBadRule(rules({{"acor", {"all"}}, {"acop", -1}}), "acop");
  expectBadRule(rules({{"acor", {"all"}}, {"acop", "63"}}), "acop");
  expectBadRule(rules({{"acor", {"all"}}, {"acop", 2.0}}), "acop");
  EXPECT_OK(validateSetOfAcrs(rules({{"acor", {"all"}}, {"acop", 1}}), "pv"));
}

TEST(SetOfAcrsTest, RejectsBadAuthenticationFlag) {
  expectBadRule(rules(ruleWith("acaf", "true")), "acaf");
  expectBadRule(rules(ruleWith("acaf", 1)), "acaf");
}

TEST(SetOfAcrsTest, RejectsBadContexts) {
  expectBadRule(rules(ruleWith("acco", Json::object())), "acco");
  expectBadRule(rules(ruleWith("acco", {"x"})), "acco");
  expectBadRule(rules(ruleWith("acco", {{{"actw", "* * * * * * *"}}})), "actw");
  expectBadRule(rules(ruleWith("acco", {{{"actw", {1}}}})), "actw");
  expectBadRule(rules(ruleWith("acco", {{{"acip", {"10.0.0.1"}}}})), "acip");
  expectBadRule(rules(ruleWith("acco", {{{"acip", {{"ipv5", {"x"}}}}}})), "acip");
  expectBadRule(rules(ruleWith("acco", {{{"acip", {{"ipv4", "10.0.0.1"}}}}})), "acip");
  expectBadRule(rules(ruleWith("acco", {{{"aclr", "DE"}}})), "aclr");
  expectBadRule(rules(ruleWith("acco", {{{"when", "now"}}})), "acco.when");
}

TEST(SetOfAcrsTest, RejectsBadObjectRestrictions) {
  expectBadRule(rules(ruleWith("acod", Json::object())), "acod");
  expectBadRule(rules(ruleWith("acod", {1})), "acod");
  expectBadRule(rules(ruleWith("acod", {{{"chty", 3}}})), "chty");
}

TEST(SetOfAcrsTest, RejectsUnknownRuleMember) {
  expectBadRule(rules(ruleWith("acxx", 1)), "acr.acxx");
}

TEST(AccessControlPolicyTypeTest, ValidatesBothRuleSetsOnCreate) {
  AccessControlPolicyType type;
  Json good = rules(baseRule());
  EXPECT_OK(type.validateCreate({{"pv", good}, {"pvs", good}}));
  model::Status bad_pvs = type.validateCreate({{"pv", good}, {"pvs", {{"acr", 1}}}});
  ASSERT_RSC(bad_pvs, Rsc::kBadRequest);
  EXPECT_NE(bad_pvs.dbg().find("'pvs'"), std::string::npos);
}

Json acpUpdate(Json attributes) { return {{"m2m:acp", std::move(attributes)}}; }

// TS-0004 Table 7.4.2.1-3, §7.4.2.2.1 and §7.4.2.2.3: pvs holds at least one rule; pv may be
// empty.
TEST(AccessControlPolicyTypeTest, SelfPrivilegesNeedAtLeastOneRule) {
  AccessControlPolicyType type;
  Json good = rules(baseRule());
  EXPECT_OK(type.validateCreate({{"pv", {{"acr", Json::array()}}}, {"pvs", good}}));
  EXPECT_OK(type.validateCreate({{"pv", Json::object()}, {"pvs", good}}));
  EXPECT_OK(type.validateUpdate(acpUpdate({{"pv", {{"acr", Json::array()}}}})));
  for (const Json& empty : {Json{{"acr", Json::array()}}, Json::object()}) {
    model::Status created = type.validateCreate({{"pv", good}, {"pvs", empty}});
    ASSERT_RSC(created, Rsc::kBadRequest);
    EXPECT_EQ(created.reason(), "acp.pvs_without_rule");
    EXPECT_NE(created.dbg().find("'pvs'"), std::string::npos) << created.dbg();
    model::Status updated = type.validateUpdate(acpUpdate({{"pvs", empty}}));
    ASSERT_RSC(updated, Rsc::kBadRequest);
    EXPECT_EQ(updated.reason(), "acp.pvs_without_rule");
  }
}

TEST(AccessControlPolicyTypeTest, RejectsDeletingRuleSetsOnUpdate) {
  AccessControlPolicyType type;
  model::Status status = type.validateUpdate(acpUpdate({{"pv", nullptr}}));
  ASSERT_RSC(status, Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "acp.delete_mandatory");
}

TEST(AccessControlPolicyTypeTest, ValidatesChangedRuleSetsOnUpdate) {
  // The engine hands the hook the request's whole content, root included.
  AccessControlPolicyType type;
  EXPECT_OK(type.validateUpdate(acpUpdate({{"pvs", rules(baseRule())}})));
  EXPECT_OK(type.validateUpdate(acpUpdate({{"lbl", {"x"}}})));
  model::Status status = type.validateUpdate(acpUpdate({{"pv", rules({{"acor", {"all"}}})}}));
  ASSERT_RSC(status, Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "acp.bad_rule");
  model::Status bad_type =
      type.validateUpdate(acpUpdate({{"pv", {{"acr", {{{"acor", {"all"}}, {"acop", "63"}}}}}}}));
  ASSERT_RSC(bad_type, Rsc::kBadRequest);
}

TEST(AccessControlPolicyTypeTest, LeavesMalformedUpdateShapesToGenericChecks) {
  AccessControlPolicyType type;
  EXPECT_OK(type.validateUpdate(Json::array()));
  EXPECT_OK(type.validateUpdate({{"m2m:acp", 1}}));
  EXPECT_OK(type.validateUpdate({{"a", Json::object()}, {"b", Json::object()}}));
}

TEST(AccessControlPolicyTypeTest, HasNoAcpiAndNoChildren) {
  AccessControlPolicyType type;
  EXPECT_FALSE(type.hasAccessControlPolicyIds());
  EXPECT_FALSE(type.allowsChild(model::ResourceType::kContainer));
  EXPECT_EQ(type.rootName(), "m2m:acp");
}

}  // namespace
}  // namespace citadel::resources
