// Originator ID forms (TS-0001 Table 7.2-1) and acor matching (TS-0003 §7.1.3): both sides in
// absolute form, '*' never crossing '/', Role-IDs never matching an originator.
#include "security/originator_id.h"

#include <gtest/gtest.h>

#include <string>

namespace citadel::security {
namespace {

const resources::CseIdentity kOriginatorIdentity{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
const std::string kLampAbs = "//citadel.example.com/id-in/Clamp";

TEST(WildcardMatchTest, MatchesLiteralPatterns) {
  EXPECT_TRUE(wildcardMatch("abc", "abc"));
  EXPECT_TRUE(wildcardMatch("", ""));
  EXPECT_FALSE(wildcardMatch("abc", "abd"));
  EXPECT_FALSE(wildcardMatch("abc", "abcd"));
  EXPECT_FALSE(wildcardMatch("abcd", "abc"));
  EXPECT_FALSE(wildcardMatch("", "a"));
}

TEST(WildcardMatchTest, MatchesStarWithinOneSegment) {
  EXPECT_TRUE(wildcardMatch("C*", "C"));
  EXPECT_TRUE(wildcardMatch("C*", "Clamp"));
  EXPECT_TRUE(wildcardMatch("*", "anything"));
  EXPECT_TRUE(wildcardMatch("*", ""));
  EXPECT_TRUE(wildcardMatch("C*p", "Clamp"));
  EXPECT_TRUE(wildcardMatch("*a*a*", "banana"));
  EXPECT_TRUE(wildcardMatch("**", "x"));
  EXPECT_FALSE(wildcardMatch("C*", "Slamp"));
  EXPECT_FALSE(wildcardMatch("C*x", "Clamp"));
}

TEST(WildcardMatchTest, DoesNotLetStarCrossSlash) {
  EXPECT_FALSE(wildcardMatch("*", "a/b"));
  EXPECT_FALSE(wildcardMatch("/id-in/*", "/id-in/Clamp/extra"));
  EXPECT_FALSE(wildcardMatch("a*c", "ab/c"));
  EXPECT_FALSE(wildcardMatch("*/*", "a/b/c"));
  EXPECT_TRUE(wildcardMatch("*/*", "a/b"));
  EXPECT_TRUE(wildcardMatch("/id-in/*", "/id-in/Clamp"));
  EXPECT_TRUE(wildcardMatch("//*/myCSE*/C98*", "//sp.example/myCSE1/C98abc"));
  EXPECT_FALSE(wildcardMatch("//*/myCSE*/C98*", "//sp.example/x/myCSE1/C98abc"));
}

TEST(WildcardMatchTest, FinishesPathologicalPatternsQuickly) {
  // Backtracking matchers take exponential time on these; ours must answer at once.
  std::string pattern;
  for (int i = 0; i < 40; ++i) {
    pattern += "*a";
  }
  pattern += "*b";
  std::string text(20000, 'a');
  EXPECT_FALSE(wildcardMatch(pattern, text));
  EXPECT_TRUE(wildcardMatch(pattern, text + "b"));
  std::string segments;
  for (int i = 0; i < 1000; ++i) {
    segments += "aaaaaaaa/";
  }
  EXPECT_FALSE(wildcardMatch(pattern, segments + "b"));
}

TEST(OriginatorIdTest, MakesSpRelativeIdsFromEveryForm) {
  const resources::CseIdentity& id = kOriginatorIdentity;
  EXPECT_EQ(spRelativeId("//citadel.example.com/id-mn/cse-mn/x", id), "/id-mn/cse-mn/x");
  EXPECT_EQ(spRelativeId("//other.example.com/id-mn/x", id), "");  // another SP
  EXPECT_EQ(spRelativeId("/id-mn/cnt1", id), "/id-mn/cnt1");
  EXPECT_EQ(spRelativeId("cse-mn/fleet", id), "cse-mn/fleet");  // no CSE given: as it is
  EXPECT_EQ(spRelativeId("cse-mn/fleet", id, "/id-mn"), "/id-mn/cse-mn/fleet");
  EXPECT_EQ(spRelativeId("/id-in/x", id, "/id-mn"), "/id-in/x");
}

TEST(OriginatorIdTest, MakesAbsoluteIdsFromEveryForm) {
  EXPECT_EQ(absoluteId("Clamp", kOriginatorIdentity), kLampAbs);
  EXPECT_EQ(absoluteId("C*", kOriginatorIdentity), "//citadel.example.com/id-in/C*");
  EXPECT_EQ(absoluteId("CAdmin", kOriginatorIdentity), "//citadel.example.com/id-in/CAdmin");
  EXPECT_EQ(absoluteId("Sfleet", kOriginatorIdentity), "//citadel.example.com/Sfleet");
  EXPECT_EQ(absoluteId("/id-in/Clamp", kOriginatorIdentity), kLampAbs);
  EXPECT_EQ(absoluteId("/id-mn", kOriginatorIdentity), "//citadel.example.com/id-mn");
  EXPECT_EQ(absoluteId("//other.example/id-x/Cy", kOriginatorIdentity), "//other.example/id-x/Cy");
}

TEST(OriginatorIdTest, MakesLocalFormOfThisCsesEntities) {
  EXPECT_EQ(localOriginator("Clamp", kOriginatorIdentity), "Clamp");
  EXPECT_EQ(localOriginator("/id-in/Clamp", kOriginatorIdentity), "Clamp");
  EXPECT_EQ(localOriginator(kLampAbs, kOriginatorIdentity), "Clamp");
  EXPECT_EQ(localOriginator("/Sfleet", kOriginatorIdentity), "Sfleet");
  EXPECT_EQ(localOriginator("//citadel.example.com/Sfleet", kOriginatorIdentity), "Sfleet");
  EXPECT_EQ(localOriginator("", kOriginatorIdentity), "");
}

TEST(OriginatorIdTest, LeavesOtherEntitiesUnchanged) {
  EXPECT_EQ(localOriginator("//other.example/id-in/Clamp", kOriginatorIdentity),
            "//other.example/id-in/Clamp");
  // Our SP-ID as a mere text prefix is another SP.
  EXPECT_EQ(localOriginator("//citadel.example.comX/id-in/Clamp", kOriginatorIdentity),
            "//citadel.example.comX/id-in/Clamp");
  EXPECT_EQ(localOriginator("/id-mn/Cx", kOriginatorIdentity), "/id-mn/Cx");
  EXPECT_EQ(localOriginator("/id-in2/Cx", kOriginatorIdentity), "/id-in2/Cx");
}

TEST(AcorMatchTest, MatchesAll) {
  EXPECT_TRUE(acorMatches("all", kLampAbs, kOriginatorIdentity));
  EXPECT_TRUE(acorMatches("all", "//other.example/id-x/Cy", kOriginatorIdentity));
}

TEST(AcorMatchTest, MatchesSpDomain) {
  EXPECT_TRUE(acorMatches("//citadel.example.com", kLampAbs, kOriginatorIdentity));
  EXPECT_TRUE(acorMatches("//citadel.example.com", "//citadel.example.com/Sfleet", kOriginatorIdentity));
  EXPECT_FALSE(acorMatches("//citadel.example", kLampAbs, kOriginatorIdentity));
  EXPECT_FALSE(acorMatches("//other.example", kLampAbs, kOriginatorIdentity));
  EXPECT_FALSE(acorMatches("//citadel.example.com", "//citadel.example.com", kOriginatorIdentity));
}

TEST(AcorMatchTest, MatchesExactIdsInAnyForm) {
  EXPECT_TRUE(acorMatches("Clamp", kLampAbs, kOriginatorIdentity));
  EXPECT_TRUE(acorMatches("/id-in/Clamp", kLampAbs, kOriginatorIdentity));
  EXPECT_TRUE(acorMatches(kLampAbs, kLampAbs, kOriginatorIdentity));
  EXPECT_FALSE(acorMatches("Clam", kLampAbs, kOriginatorIdentity));
  EXPECT_FALSE(acorMatches("Clampx", kLampAbs, kOriginatorIdentity));
  EXPECT_FALSE(acorMatches("/id-mn/Clamp", kLampAbs, kOriginatorIdentity));
}

TEST(AcorMatchTest, MatchesSpRelativeSAeId) {
  std::string fleet = "//citadel.example.com/Sfleet";
  EXPECT_TRUE(acorMatches("/Sfleet", fleet, kOriginatorIdentity));
  EXPECT_TRUE(acorMatches("Sfleet", fleet, kOriginatorIdentity));
  EXPECT_FALSE(acorMatches("Sfleet", kLampAbs, kOriginatorIdentity));
}

TEST(AcorMatchTest, MatchesWildcards) {
  EXPECT_TRUE(acorMatches("C*", kLampAbs, kOriginatorIdentity));
  EXPECT_TRUE(acorMatches("Cla*", kLampAbs, kOriginatorIdentity));
  EXPECT_TRUE(acorMatches("/id-in/*", kLampAbs, kOriginatorIdentity));
  EXPECT_TRUE(acorMatches("//*/id-in/C*", kLampAbs, kOriginatorIdentity));
  EXPECT_FALSE(acorMatches("S*", kLampAbs, kOriginatorIdentity));
  EXPECT_FALSE(acorMatches("C*", "//citadel.example.com/Sfleet", kOriginatorIdentity));
  // '*' in the CSE-ID position stops at '/': it does not absorb the AE-ID too.
  EXPECT_FALSE(acorMatches("//citadel.example.com/*", kLampAbs, kOriginatorIdentity));
}

TEST(AcorMatchTest, NeverMatchesRoleIds) {
  EXPECT_FALSE(acorMatches("Clamp@citadel.example.com", kLampAbs, kOriginatorIdentity));
  EXPECT_FALSE(acorMatches("*@*", kLampAbs, kOriginatorIdentity));
  EXPECT_FALSE(acorMatches("role1@issuer.example", "role1@issuer.example", kOriginatorIdentity));
}

}  // namespace
}  // namespace citadel::security
