// AcpEvaluator::decide (TS-0003 §7.1.5): permit-overrides over the rules of every applicable
// policy; a rule needs authn, originator, operation, context and object to match.
#include "security/acp_evaluator.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace citadel::security {
namespace {

using model::Json;

const resources::CseIdentity kIdentity{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
// Thursday 2024-02-29T12:34:56Z.
const model::TimePoint kNow = model::TimePoint(std::chrono::seconds(1709210096));

constexpr uint8_t kCreate = 1, kRetrieve = 2, kUpdate = 4, kDelete = 8, kNotify = 16,
                  kDiscovery = 32;

Json ruleSet(std::vector<Json> rules) { return {{"acr", rules}}; }

Json rule(std::vector<std::string> acor, int acop) { return {{"acor", acor}, {"acop", acop}}; }

class AcpEvaluatorTest : public ::testing::Test {
 protected:
  AccessRequest request(uint8_t operation_bit, std::string originator = "Clamp") {
    AccessRequest r;
    r.originator_absolute = absoluteIdFor(originator);
    r.operation_bit = operation_bit;
    r.now = kNow;
    r.peer_address = "10.1.2.3";
    return r;
  }

  static std::string absoluteIdFor(const std::string& stem) {
    return "//citadel.example.com/id-in/" + stem;
  }

  AccessDecision decide(const Json& set, const AccessRequest& r) {
    return evaluator_.decide({&set}, r);
  }

  AcpEvaluator evaluator_{kIdentity};
};

TEST_F(AcpEvaluatorTest, GrantsWhenRuleMatches) {
  AccessDecision d = decide(ruleSet({rule({"Clamp"}, kRetrieve)}), request(kRetrieve));
  EXPECT_TRUE(d.granted);
  EXPECT_EQ(d.reason, "acp.rule_matched");
}

TEST_F(AcpEvaluatorTest, DeniesWithNoRulesReasonWhenNothingApplies) {
  AccessDecision none = evaluator_.decide({}, request(kRetrieve));
  EXPECT_FALSE(none.granted);
  EXPECT_EQ(none.reason, "acp.no_rules");
  Json empty = ruleSet({});
  EXPECT_EQ(decide(empty, request(kRetrieve)).reason, "acp.no_rules");
  Json no_acr = Json::object();
  EXPECT_EQ(decide(no_acr, request(kRetrieve)).reason, "acp.no_rules");
}

TEST_F(AcpEvaluatorTest, DeniesWithNoMatchingRuleReason) {
  AccessDecision d = decide(ruleSet({rule({"Cother"}, 63)}), request(kRetrieve));
  EXPECT_FALSE(d.granted);
  EXPECT_EQ(d.reason, "acp.no_matching_rule");
}

TEST_F(AcpEvaluatorTest, ChecksEachOperationBit) {
  for (uint8_t bit : {kCreate, kRetrieve, kUpdate, kDelete, kNotify, kDiscovery}) {
    Json only = ruleSet({rule({"Clamp"}, bit)});
    Json all_but = ruleSet({rule({"Clamp"}, 63 & ~bit)});
    EXPECT_TRUE(decide(only, request(bit)).granted) << "bit " << int(bit);
    EXPECT_FALSE(decide(all_but, request(bit)).granted) << "bit " << int(bit);
  }
}

TEST_F(AcpEvaluatorTest, DeniesUpdateWhenOnlyRetrieveGranted) {
  Json set = ruleSet({rule({"Clamp"}, kRetrieve | kDiscovery)});
  EXPECT_TRUE(decide(set, request(kRetrieve)).granted);
  AccessDecision d = decide(set, request(kUpdate));
  EXPECT_FALSE(d.granted);
  EXPECT_EQ(d.reason, "acp.no_matching_rule");
}

TEST_F(AcpEvaluatorTest, PermitOverridesAcrossRulesAndPolicies) {
  Json deny_like = ruleSet({rule({"Cother"}, 63), rule({"Clamp"}, kDelete)});
  Json grant = ruleSet({rule({"C*"}, kUpdate)});
  EXPECT_FALSE(decide(deny_like, request(kUpdate)).granted);
  AccessDecision d = evaluator_.decide({&deny_like, &grant}, request(kUpdate));
  EXPECT_TRUE(d.granted);
  EXPECT_EQ(d.reason, "acp.rule_matched");
}

TEST_F(AcpEvaluatorTest, MatchesOriginatorForms) {
  for (std::string acor : {"all", "//citadel.example.com", "C*", "Clamp", "/id-in/Clamp",
                           "//citadel.example.com/id-in/Clamp"}) {
    EXPECT_TRUE(decide(ruleSet({rule({acor}, kRetrieve)}), request(kRetrieve)).granted) << acor;
  }
  for (std::string acor : {"S*", "//other.example", "Clamp@citadel.example.com", "/id-mn/Clamp"}) {
    EXPECT_FALSE(decide(ruleSet({rule({acor}, kRetrieve)}), request(kRetrieve)).granted) << acor;
  }
}

TEST_F(AcpEvaluatorTest, RequiresAuthenticationWhenAcafSet) {
  Json r = rule({"Clamp"}, kRetrieve);
  r["acaf"] = true;
  Json set = ruleSet({r});
  AccessRequest clear = request(kRetrieve);
  EXPECT_FALSE(decide(set, clear).granted);
  AccessRequest secure = request(kRetrieve);
  secure.authenticated = true;
  EXPECT_TRUE(decide(set, secure).granted);
  r["acaf"] = false;
  EXPECT_TRUE(decide(ruleSet({r}), clear).granted);
}

TEST_F(AcpEvaluatorTest, RequiresOneMatchingContext) {
  Json r = rule({"Clamp"}, kRetrieve);
  r["acco"] = {{{"actw", {"* * 0-6 * * * *"}}}, {{"acip", {{"ipv4", {"10.0.0.0/8"}}}}}};
  EXPECT_TRUE(decide(ruleSet({r}), request(kRetrieve)).granted);  // second context matches
  r["acco"] = {{{"actw", {"* * 0-6 * * * *"}}}, {{"acip", {{"ipv4", {"192.168.0.0/16"}}}}}};
  EXPECT_FALSE(decide(ruleSet({r}), request(kRetrieve)).granted);
  r["acco"] = Json::array();  // an empty list places no condition
  EXPECT_TRUE(decide(ruleSet({r}), request(kRetrieve)).granted);
}

TEST_F(AcpEvaluatorTest, RestrictsCreateToListedChildTypes) {
  Json r = rule({"Clamp"}, kCreate | kRetrieve);
  r["acod"] = {{{"chty", {3}}}};
  Json set = ruleSet({r});
  AccessRequest create_cnt = request(kCreate);
  create_cnt.created_type = 3;
  EXPECT_TRUE(decide(set, create_cnt).granted);
  AccessRequest create_acp = request(kCreate);
  create_acp.created_type = 1;
  EXPECT_FALSE(decide(set, create_acp).granted);
  // acod does not restrict other operations.
  EXPECT_TRUE(decide(set, request(kRetrieve)).granted);
}

TEST_F(AcpEvaluatorTest, IgnoresAcodEntryWithoutChildTypes) {
  Json r = rule({"Clamp"}, kCreate);
  r["acod"] = {{{"ty", 3}}, {{"chty", {4}}}};
  AccessRequest create_cin = request(kCreate);
  create_cin.created_type = 4;
  EXPECT_TRUE(decide(ruleSet({r}), create_cin).granted);
  create_cin.created_type = 3;
  EXPECT_FALSE(decide(ruleSet({r}), create_cin).granted);
}

TEST_F(AcpEvaluatorTest, NeverMatchesMalformedStoredRules) {
  // Rules are validated on the way in; evaluation must still deny, never throw, on bad data.
  std::vector<Json> bad = {
      "not a rule",
      {{"acop", 63}},
      {{"acor", "Clamp"}, {"acop", 63}},
      {{"acor", {"Clamp"}}, {"acop", "63"}},
      {{"acor", {"Clamp"}}, {"acop", 63}, {"acaf", "yes"}},
      {{"acor", {"Clamp"}}, {"acop", 63}, {"acco", {{{"acip", {"10.0.0.0/8"}}}}}},
      {{"acor", {"Clamp"}}, {"acop", 63}, {"acco", {"junk"}}},
  };
  for (const Json& r : bad) {
    AccessDecision d;
    ASSERT_NO_THROW(d = decide(ruleSet({r}), request(kRetrieve))) << r.dump();
    EXPECT_FALSE(d.granted) << r.dump();
  }
}

}  // namespace
}  // namespace citadel::security
