// model::wildcardMatch: '*' patterns for acor entries (with '/' as barrier) and discovery
// attribute values (no barrier).
#include "cse/model/wildcard.h"

#include <gtest/gtest.h>

#include <string>

namespace citadel::model {
namespace {

TEST(WildcardTest, LetsStarSpanAnythingWithoutBarrier) {
  EXPECT_TRUE(wildcardMatch("*", ""));
  EXPECT_TRUE(wildcardMatch("*", "a/b/c"));
  EXPECT_TRUE(wildcardMatch("room*", "room/12"));
  EXPECT_TRUE(wildcardMatch("*12", "room/12"));
  EXPECT_TRUE(wildcardMatch("r*m*2", "room/12"));
  EXPECT_FALSE(wildcardMatch("room*", "kitchen"));
  EXPECT_FALSE(wildcardMatch("exact", "exactly"));
}

TEST(WildcardTest, StopsStarAtBarrier) {
  EXPECT_FALSE(wildcardMatch("*", "a/b", '/'));
  EXPECT_TRUE(wildcardMatch("*/*", "a/b", '/'));
  EXPECT_FALSE(wildcardMatch("room*", "room/12", '/'));
  EXPECT_TRUE(wildcardMatch("//*/id-in/C*", "//sp.example/id-in/Clamp", '/'));
  EXPECT_FALSE(wildcardMatch("//*/C*", "//sp.example/id-in/Clamp", '/'));
}

TEST(WildcardTest, MatchesLiteralStarOnlyAsWildcard) {
  EXPECT_TRUE(wildcardMatch("a*c", "a*c"));
  EXPECT_TRUE(wildcardMatch("a*c", "ac"));
  EXPECT_FALSE(wildcardMatch("a\\*c", "a*c"));  // no escape syntax: '\' is a literal
}

TEST(WildcardTest, FinishesPathologicalPatternsQuickly) {
  std::string pattern;
  for (int i = 0; i < 50; ++i) {
    pattern += "*a";
  }
  pattern += "*b";
  std::string text(50000, 'a');
  EXPECT_FALSE(wildcardMatch(pattern, text));
  EXPECT_TRUE(wildcardMatch(pattern, text + "b"));
  EXPECT_FALSE(wildcardMatch(pattern, text, '/'));
}

}  // namespace
}  // namespace citadel::model
