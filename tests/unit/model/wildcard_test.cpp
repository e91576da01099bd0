// model::wildcardMatch: '*' patterns for acor entries (with '/' as barrier) and discovery
// attribute values (no barrier).
#include "cse/model/wildcard.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

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

// The definition, by dynamic programming over (pattern prefix, text prefix): the reference the
// linear matcher must agree with.
bool referenceMatch(std::string_view pattern, std::string_view text, char barrier) {
  std::vector<std::vector<bool>> m(pattern.size() + 1, std::vector<bool>(text.size() + 1));
  m[0][0] = true;
  for (size_t p = 1; p <= pattern.size(); ++p) {
    for (size_t t = 0; t <= text.size(); ++t) {
      if (pattern[p - 1] == '*') {
        m[p][t] =
            m[p - 1][t] || (t > 0 && m[p][t - 1] && (barrier == '\0' || text[t - 1] != barrier));
      } else {
        m[p][t] = t > 0 && m[p - 1][t - 1] && pattern[p - 1] == text[t - 1];
      }
    }
  }
  return m[pattern.size()][text.size()];
}

TEST(WildcardTest, AgreesWithTheDefinitionOnRandomInputs) {
  std::mt19937 random(15);  // fixed seed: the same cases on every run
  auto draw = [&](const char* alphabet, size_t max_length) {
    std::string out(random() % (max_length + 1), ' ');
    size_t letters = std::char_traits<char>::length(alphabet);
    for (char& c : out) c = alphabet[random() % letters];
    return out;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string pattern = draw("ab/*", 7);
    std::string text = draw("ab/", 10);
    for (char barrier : {'\0', '/'}) {
      ASSERT_EQ(wildcardMatch(pattern, text, barrier), referenceMatch(pattern, text, barrier))
          << "pattern '" << pattern << "' text '" << text << "' barrier " << (barrier != '\0');
    }
  }
}

// Issue 15 #10: the old matcher let the last '*' absorb one character at a time and re-compare
// the rest of the pattern, |pattern| × |text| comparisons for "*aaaa…b" against "aaaa…": 8·10^8
// for a 4000-character pattern and a 200 KB con, seconds of CPU per resource. The bound is on
// comparisons counted, not on time.
TEST(WildcardTest, MakesLinearlyManyComparisonsOnHostileInputs) {
  const std::string text(200000, 'a');
  std::string star_segment = "*" + std::string(3999, 'a') + "b";
  std::string many_stars;
  for (int i = 0; i < 2000; ++i) many_stars += "*a";
  many_stars += "*b";
  std::string periodic = "*";
  for (int i = 0; i < 1000; ++i) periodic += "aaab";
  for (const std::string& base : {star_segment, many_stars, periodic}) {
    for (const std::string& pattern : {base, base + "*", "a" + base + "*a"}) {
      for (char barrier : {'\0', '/'}) {
        size_t comparisons = 0;
        EXPECT_FALSE(wildcardMatch(pattern, text, barrier, &comparisons));
        EXPECT_LE(comparisons, 3 * (pattern.size() + text.size()) + 3) << pattern.size();
      }
    }
  }
  std::string slashes;
  for (int i = 0; i < 20000; ++i) slashes += "aaaaaaaa/";
  size_t comparisons = 0;
  EXPECT_FALSE(wildcardMatch(many_stars, slashes, '/', &comparisons));
  EXPECT_LE(comparisons, 3 * (many_stars.size() + slashes.size()) + 3);
}

TEST(WildcardTest, CountsComparisonsOnMatchesToo) {
  size_t comparisons = 0;
  EXPECT_TRUE(wildcardMatch("*a*b", std::string(100000, 'a') + "b", '\0', &comparisons));
  EXPECT_GT(comparisons, 0u);
  EXPECT_LE(comparisons, 3 * (4 + 100001) + 3);
}

}  // namespace
}  // namespace citadel::model
