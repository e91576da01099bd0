// acr.aca (accessControlAttributes, R4 TS-0001 Table 9.6.2.1-x) in the evaluator and in
// AttributeScope: a RETRIEVE or UPDATE granted only by rules with aca covers the union of their
// lists (plus ty, ri, rn, pi); a matching rule without aca covers everything; other operations
// ignore aca.
#include "security/attribute_scope.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "security/acp_evaluator.h"

namespace citadel::security {
namespace {

using model::Json;

const resources::CseIdentity kScopeIdentity{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
constexpr uint8_t kScopeCreate = 1, kScopeRetrieve = 2, kScopeUpdate = 4, kScopeDelete = 8;

Json rule(int acop, Json aca = nullptr, std::string acor = "Clamp") {
  Json r = {{"acor", {acor}}, {"acop", acop}};
  if (!aca.is_null()) r["aca"] = std::move(aca);
  return r;
}

class AttributeScopeTest : public ::testing::Test {
 protected:
  AccessDecision decide(std::vector<Json> rules, uint8_t operation) {
    set_ = {{"acr", rules}};
    AccessRequest request;
    request.originator_absolute = "//citadel.example.com/id-in/Clamp";
    request.operation_bit = operation;
    return evaluator_.decide({&set_}, request);
  }
  Json set_;
  AcpEvaluator evaluator_{kScopeIdentity};
};

TEST_F(AttributeScopeTest, RuleWithAcaCoversItsListAndTheIdentifyingAttributes) {
  AccessDecision d = decide({rule(kScopeRetrieve | kScopeUpdate, {"lbl"})}, kScopeRetrieve);
  ASSERT_TRUE(d.granted);
  EXPECT_FALSE(d.attributes.all());
  EXPECT_TRUE(d.attributes.covers("lbl"));
  EXPECT_FALSE(d.attributes.covers("et"));
  for (const char* id : {"ty", "ri", "rn", "pi"}) {
    EXPECT_TRUE(d.attributes.covers(id)) << id;
  }
}

TEST_F(AttributeScopeTest, MatchingRulesListsUnite) {
  AccessDecision d = decide({rule(kScopeUpdate, {"lbl"}), rule(kScopeUpdate, {"et", "lbl"}),
                             rule(kScopeUpdate, {"acpi"}, "Cother"), rule(kScopeRetrieve, {"mni"})},
                            kScopeUpdate);
  ASSERT_TRUE(d.granted);
  EXPECT_EQ(d.attributes.uncovered({{"lbl", 1}, {"et", 1}, {"acpi", 1}, {"mni", 1}}),
            (std::vector<std::string>{"acpi", "mni"}));
}

TEST_F(AttributeScopeTest, RuleWithoutAcaCoversEverything) {
  AccessDecision d = decide({rule(kScopeRetrieve, {"lbl"}), rule(kScopeRetrieve)}, kScopeRetrieve);
  ASSERT_TRUE(d.granted);
  EXPECT_TRUE(d.attributes.all());
}

TEST_F(AttributeScopeTest, OtherOperationsIgnoreAca) {
  for (uint8_t op : {kScopeCreate, kScopeDelete}) {
    AccessDecision d = decide({rule(op, {"lbl"})}, op);
    ASSERT_TRUE(d.granted);
    EXPECT_TRUE(d.attributes.all());
  }
}

TEST_F(AttributeScopeTest, AcaOfANonMatchingRuleGrantsNothing) {
  EXPECT_FALSE(decide({rule(kScopeRetrieve, {"lbl"}, "Cother")}, kScopeRetrieve).granted);
}

TEST_F(AttributeScopeTest, RestrictKeepsCoveredMembersOfEachRoot) {
  AttributeScope scope = AttributeScope::none();
  scope.add(Json::array({"lbl", 7}));  // a malformed entry adds nothing
  Json representation = {{"m2m:cnt", {{"ri", "c1"}, {"lbl", {"a"}}, {"et", "x"}, {"ty", 3}}}};
  scope.restrictRepresentation(representation);
  EXPECT_EQ(representation, Json({{"m2m:cnt", {{"ri", "c1"}, {"lbl", {"a"}}, {"ty", 3}}}}));
  AttributeScope everything;
  scope.unite(everything);
  EXPECT_TRUE(scope.all());
}

TEST(AttributesTestedByTest, MapsTargetConditionsToTheirAttributes) {
  Json fc = {{"fu", 2},   {"exa", "x"}, {"ms", "x"},   {"lbl", {"a"}},
             {"lim", 3},  {"clbl", {"b"}}, {"atr", {{{"nm", "mni"}, {"val", 1}}}}};
  EXPECT_EQ(attributesTestedBy(fc), (std::vector<std::string>{"lt", "et", "lbl", "mni"}));
  EXPECT_TRUE(attributesTestedBy(Json()).empty());
  EXPECT_TRUE(attributesTestedBy({{"atr", 3}}).empty());  // malformed: nothing, no throw
}

}  // namespace
}  // namespace citadel::security
