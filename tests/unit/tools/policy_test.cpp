// The DAS policy file: every decision and option in its good form, then hostile lines, each
// refused with the line number and what is wrong.
#include "tools/das/policy.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/status_macros.h"
#include "tests/support/temp_dir.h"

namespace citadel::tools::das {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

PolicyRule onlyRule(std::string_view text) {
  auto policy = parsePolicy(text);
  EXPECT_TRUE(policy.isOk()) << policy.status().dbg();
  if (!policy.isOk() || policy.value().rules.size() != 1) {
    ADD_FAILURE() << "expected exactly one rule";
    return {};
  }
  return policy.value().rules[0];
}

// The dbg of a refused policy; "" (and a failure) when it was accepted.
std::string policyRefusal(std::string_view text) {
  auto policy = parsePolicy(text);
  if (policy.isOk()) {
    ADD_FAILURE() << "accepted: " << text;
    return "";
  }
  EXPECT_EQ(policy.status().rsc(), model::Rsc::kBadRequest);
  EXPECT_EQ(policy.status().reason(), "das.bad_policy");
  return policy.status().dbg();
}

TEST(PolicyTest, ParsesEachDecisionWithItsOptions) {
  auto policy = parsePolicy(
      "# comment line\n"
      "\n"
      "Conce*  cnt*  R     grant-once\n"
      "Cgrant  *     CRUD  grant pl=60   # trailing comment\n"
      "\tCtok   //sp/id-in/*  UN  token ttl=300 delay=250\n"
      "*       *     *     deny\r\n");
  ASSERT_OK(policy);
  const auto& rules = policy.value().rules;
  ASSERT_EQ(rules.size(), 4u);
  EXPECT_EQ(rules[0].line, 3u);
  EXPECT_EQ(rules[0].originator_pattern, "Conce*");
  EXPECT_EQ(rules[0].target_pattern, "cnt*");
  EXPECT_EQ(rules[0].operations, 2);
  EXPECT_EQ(rules[0].verdict, Verdict::kGrantOnce);
  EXPECT_EQ(rules[1].verdict, Verdict::kGrant);
  EXPECT_EQ(rules[1].operations, 1 | 2 | 4 | 8);
  EXPECT_EQ(rules[1].privileges_lifetime, seconds(60));
  EXPECT_EQ(rules[2].verdict, Verdict::kToken);
  EXPECT_EQ(rules[2].operations, 4 | 16);
  EXPECT_EQ(rules[2].token_ttl, seconds(300));
  EXPECT_EQ(rules[2].delay, milliseconds(250));
  EXPECT_EQ(rules[3].verdict, Verdict::kDeny);
  EXPECT_EQ(rules[3].operations, 31);
  EXPECT_TRUE(policy.value().issuesTokens());
}

TEST(PolicyTest, AcceptsAnEmptyPolicyThatDeniesEverything) {
  auto policy = parsePolicy("# nothing granted\n\n   \n");
  ASSERT_OK(policy);
  EXPECT_TRUE(policy.value().rules.empty());
  EXPECT_FALSE(policy.value().issuesTokens());
}

TEST(PolicyTest, AcceptsDelayOnEveryDecision) {
  EXPECT_EQ(onlyRule("* * R deny delay=30000").delay, milliseconds(30000));
  EXPECT_EQ(onlyRule("* * R grant-once delay=0").delay, milliseconds(0));
  EXPECT_EQ(onlyRule("* * R grant delay=5 pl=1").delay, milliseconds(5));
}

TEST(PolicyTest, RefusesLinesWithTooFewFields) {
  EXPECT_EQ(policyRefusal("* * R grant-once\n* * R\n"),
            "line 2: expected <originator> <target> <ops> <decision> [key=value...]");
  EXPECT_NE(policyRefusal("Cae\n").find("line 1:"), std::string::npos);
}

TEST(PolicyTest, RefusesUnknownDecisions) {
  EXPECT_NE(policyRefusal("* * R allow\n").find("line 1: unknown decision 'allow'"), std::string::npos);
  EXPECT_NE(policyRefusal("* * R GRANT-ONCE\n").find("unknown decision"), std::string::npos);
}

TEST(PolicyTest, RefusesOpsOutsideCrudn) {
  for (const char* ops : {"X", "r", "RZ", "**", "R*", "12"}) {
    std::string dbg = policyRefusal("* * " + std::string(ops) + " deny\n");
    EXPECT_NE(dbg.find("expected letters of CRUDN or '*'"), std::string::npos)
        << ops << ": " << dbg;
  }
}

TEST(PolicyTest, RefusesGrantWithoutLifetimeAndTokenWithoutTtl) {
  EXPECT_NE(policyRefusal("* * R grant\n").find("grant needs pl="), std::string::npos);
  EXPECT_NE(policyRefusal("* * R token\n").find("token needs ttl="), std::string::npos);
}

TEST(PolicyTest, RefusesKeysTheDecisionDoesNotTake) {
  EXPECT_NE(policyRefusal("* * R deny pl=5\n").find("pl= applies only to 'grant' rules"),
            std::string::npos);
  EXPECT_NE(policyRefusal("* * R grant-once pl=5\n").find("pl= applies only"), std::string::npos);
  EXPECT_NE(policyRefusal("* * R grant pl=5 ttl=5\n").find("ttl= applies only to 'token' rules"),
            std::string::npos);
  EXPECT_NE(policyRefusal("* * R deny colour=red\n").find("unknown key 'colour'"), std::string::npos);
}

TEST(PolicyTest, RefusesRepeatedKeysAndStrayFields) {
  EXPECT_NE(policyRefusal("* * R grant pl=5 pl=6\n").find("pl= given twice"), std::string::npos);
  EXPECT_NE(policyRefusal("* * R deny delay=1 delay=1\n").find("delay= given twice"), std::string::npos);
  EXPECT_NE(policyRefusal("* * R deny extra\n").find("expected key=value after the decision"),
            std::string::npos);
  EXPECT_NE(policyRefusal("* * R deny =5\n").find("expected key=value"), std::string::npos);
}

TEST(PolicyTest, RefusesValuesOutOfRange) {
  for (const char* line : {"* * R deny delay=30001", "* * R deny delay=-1",
                           "* * R deny delay=", "* * R deny delay=1.5", "* * R deny delay=+5",
                           "* * R deny delay=0x10", "* * R grant pl=0", "* * R grant pl=31622401",
                           "* * R token ttl=99999999999999999999999", "* * R token ttl=abc"}) {
    std::string dbg = policyRefusal(line);
    EXPECT_NE(dbg.find("line 1:"), std::string::npos) << line;
    EXPECT_NE(dbg.find("expects"), std::string::npos) << line << ": " << dbg;
  }
}

TEST(PolicyTest, RefusesControlCharactersAnywhereOnTheLine) {
  using namespace std::string_literals;
  EXPECT_NE(policyRefusal("* * R deny\nC\0ae * R deny\n"s).find("line 2: control character (byte 0)"),
            std::string::npos);
  EXPECT_NE(policyRefusal("* * R deny # \x1b[31mred\n").find("control character (byte 27)"),
            std::string::npos);
  EXPECT_NE(policyRefusal("* *\rR deny\n").find("control character (byte 13)"), std::string::npos);
}

TEST(PolicyTest, RefusesOversizedLinesPatternsFilesAndRuleCounts) {
  std::string long_pattern(kMaxPatternBytes + 1, 'C');
  EXPECT_NE(policyRefusal(long_pattern + " * R deny\n").find("originator pattern longer than"),
            std::string::npos);
  EXPECT_NE(policyRefusal("* " + long_pattern + " R deny\n").find("target pattern longer than"),
            std::string::npos);
  EXPECT_NE(policyRefusal("* * R deny #" + std::string(kMaxPolicyLineBytes, 'x') + "\n")
                .find("line 1: longer than"),
            std::string::npos);
  EXPECT_NE(policyRefusal(std::string(kMaxPolicyBytes + 1, '#')).find("policy larger than"),
            std::string::npos);
  std::string many;
  for (size_t i = 0; i <= kMaxPolicyRules; ++i) many += "* * R deny\n";
  EXPECT_NE(policyRefusal(many).find("more than 10000 rules"), std::string::npos);
}

TEST(PolicyTest, LoadsAFileAndNamesItInErrors) {
  citadel::testing::TempDir dir("citadel-das-policy");
  std::ofstream(dir.file("good")) << "* * R grant-once\n";
  std::ofstream(dir.file("bad")) << "* * R grant-once\n* * Q deny\n";
  ASSERT_OK(loadPolicyFile(dir.file("good")));
  auto bad = loadPolicyFile(dir.file("bad"));
  ASSERT_FALSE(bad.isOk());
  EXPECT_NE(bad.status().dbg().find(dir.file("bad") + ": line 2: ops 'Q'"), std::string::npos)
      << bad.status().dbg();
  auto missing = loadPolicyFile(dir.file("missing"));
  ASSERT_FALSE(missing.isOk());
  EXPECT_NE(missing.status().dbg().find("cannot read"), std::string::npos);
}

}  // namespace
}  // namespace citadel::tools::das
