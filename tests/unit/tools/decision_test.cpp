// The policy decision: first match wins, '*' patterns on or (as sent or absolute) and trid, the
// operation must be among the rule's ops, no match denies; and the absolute form of or.
#include "tools/das/decision.h"

#include <gtest/gtest.h>

#include "tests/support/status_macros.h"

namespace citadel::tools::das {
namespace {

Policy decisionPolicyOf(std::string_view text) {
  auto policy = parsePolicy(text);
  EXPECT_TRUE(policy.isOk()) << policy.status().dbg();
  return policy.isOk() ? std::move(policy).value() : Policy{};
}

DasRequest request(std::string originator, int64_t op, std::string target) {
  DasRequest r;
  r.originator = std::move(originator);
  r.operation = op;
  r.target_resource_id = std::move(target);
  return r;
}

// The line of the deciding rule; 0 when none matched.
size_t decidingLine(const Policy& policy, const DasRequest& r, Requester from = {}) {
  Decision d = decide(r, from, policy);
  return d.rule == nullptr ? 0 : d.rule->line;
}

TEST(DecisionTest, FirstMatchingRuleWins) {
  Policy policy = decisionPolicyOf(
      "Cae1 cnt1 R deny\n"
      "Cae1 *    R grant-once\n"
      "*    *    * grant pl=5\n");
  Decision d = decide(request("Cae1", 2, "cnt1"), Requester{}, policy);
  EXPECT_EQ(d.verdict, Verdict::kDeny);
  ASSERT_NE(d.rule, nullptr);
  EXPECT_EQ(d.rule->line, 1u);
  EXPECT_EQ(decidingLine(policy, request("Cae1", 2, "cnt2")), 2u);
  EXPECT_EQ(decidingLine(policy, request("Cae2", 2, "cnt1")), 3u);
}

TEST(DecisionTest, DeniesWhenNoRuleMatches) {
  Policy policy = decisionPolicyOf("Cae1 cnt1 R grant-once\n");
  Decision d = decide(request("Cae2", 2, "cnt1"), Requester{}, policy);
  EXPECT_EQ(d.verdict, Verdict::kDeny);
  EXPECT_EQ(d.rule, nullptr);
  EXPECT_EQ(decide(request("Cae1", 2, "cnt1"), Requester{}, Policy{}).rule, nullptr);
}

TEST(DecisionTest, MatchesOnlyTheRuleOperations) {
  Policy policy = decisionPolicyOf(
      "* * CU grant-once\n"
      "* * D  deny\n"
      "* * N  token ttl=5\n");
  EXPECT_EQ(decidingLine(policy, request("Cae", 1, "x")), 1u);  // CREATE
  EXPECT_EQ(decidingLine(policy, request("Cae", 2, "x")), 0u);  // RETRIEVE: no rule
  EXPECT_EQ(decidingLine(policy, request("Cae", 3, "x")), 1u);  // UPDATE
  EXPECT_EQ(decidingLine(policy, request("Cae", 4, "x")), 2u);  // DELETE
  EXPECT_EQ(decidingLine(policy, request("Cae", 5, "x")), 3u);  // NOTIFY
}

TEST(DecisionTest, ReportsTheAcopBitOfTheOperation) {
  Policy policy = decisionPolicyOf("* * * grant-once\n");
  const uint8_t bits[] = {0, 1, 2, 4, 8, 16};
  for (int64_t op = 1; op <= 5; ++op) {
    EXPECT_EQ(decide(request("Cae", op, "x"), Requester{}, policy).operation_bit, bits[op]) << op;
  }
}

TEST(DecisionTest, MatchesWildcardsAcrossSlashes) {
  Policy policy = decisionPolicyOf(
      "//citadel.example.com/id-in/C* /id-in/cse-in/* R grant-once\n"
      "C*app                          *cnt*           U grant-once\n");
  EXPECT_EQ(
      decidingLine(policy, request("//citadel.example.com/id-in/Cmy", 2, "/id-in/cse-in/a/b")), 1u);
  EXPECT_EQ(decidingLine(policy, request("//citadel.example.com/id-in/Cmy", 2, "/id-mn/cse-mn/a")),
            0u);
  EXPECT_EQ(decidingLine(policy, request("Cmyapp", 3, "mycnt7")), 2u);
  EXPECT_EQ(decidingLine(policy, request("Cmyapp2", 3, "mycnt7")), 0u);
  EXPECT_EQ(decidingLine(policy, request("Cmyapp", 3, "cin7")), 0u);
}

TEST(DecisionTest, MatchesTheOriginatorAsSentOrInAbsoluteForm) {
  // A relative pattern covers every form of the same AE, as an acor entry does.
  Policy relative = decisionPolicyOf("Cae* * R grant-once\n");
  EXPECT_EQ(decidingLine(relative, request("Cae1", 2, "x")), 1u);
  EXPECT_EQ(decidingLine(relative, request("/id-in/Cae1", 2, "x")), 1u);
  EXPECT_EQ(decidingLine(relative, request("//citadel.example.com/id-in/Cae1", 2, "x")), 1u);
  EXPECT_EQ(decidingLine(relative, request("//citadel.example.com/id-mn/Cae1", 2, "x")), 0u)
      << "an AE of another CSE";
  EXPECT_EQ(decidingLine(relative, request("//other.example.com/id-in/Cae1", 2, "x")), 0u);
  // An absolute pattern covers the relative forms of that AE.
  Policy absolute = decisionPolicyOf("//citadel.example.com/id-in/Cae1 * R grant-once\n");
  EXPECT_EQ(decidingLine(absolute, request("Cae1", 2, "x")), 1u);
  EXPECT_EQ(decidingLine(absolute, request("/id-in/Cae1", 2, "x")), 1u);
  EXPECT_EQ(
      decidingLine(absolute, request("Cae1", 2, "x"), Requester{"/id-mn", "citadel.example.com"}),
      0u)
      << "Cae1 relative to /id-mn is another AE";
  EXPECT_EQ(decidingLine(absolute, request("Cae1", 2, "x"), Requester{"/id-in", "sp2.example"}),
            0u);
  // An SP-relative pattern, made absolute with the requester's SP.
  Policy sp_relative = decisionPolicyOf("/id-mn/* * R grant-once\n");
  EXPECT_EQ(decidingLine(sp_relative, request("//citadel.example.com/id-mn/Cx", 2, "x")), 1u);
  EXPECT_EQ(decidingLine(sp_relative, request("Cx", 2, "x")), 0u);
}

TEST(DecisionTest, MakesOriginatorsAbsolute) {
  const std::string sp = "citadel.example.com";
  EXPECT_EQ(absoluteOriginator("//other.example.com/id-x/Cae", "/id-in", sp),
            "//other.example.com/id-x/Cae");
  EXPECT_EQ(absoluteOriginator("/id-mn/Cae", "/id-in", sp), "//citadel.example.com/id-mn/Cae");
  EXPECT_EQ(absoluteOriginator("Cae", "/id-in", sp), "//citadel.example.com/id-in/Cae");
  EXPECT_EQ(absoluteOriginator("Cae", "id-in", sp), "//citadel.example.com/id-in/Cae");
  EXPECT_EQ(absoluteOriginator("Sae", "/id-in", sp), "//citadel.example.com/Sae");
  EXPECT_EQ(absoluteOriginator("/Sae", "/id-in", sp), "//citadel.example.com/Sae");
  // An absolute requester brings its own SP.
  EXPECT_EQ(absoluteOriginator("Cae", "//sp2.example/id-mn", sp), "//sp2.example/id-mn/Cae");
  EXPECT_EQ(absoluteOriginator("/id-x/Cae", "//sp2.example/id-mn", sp), "//sp2.example/id-x/Cae");
}

}  // namespace
}  // namespace citadel::tools::das
