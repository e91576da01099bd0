// Unguessable identifiers (issue 15 #2): the format callers rely on, and no repetition.
#include "cse/random/random_id.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace citadel::random {
namespace {

TEST(RandomIdTest, HasThePrefixAnd128BitsInHex) {
  std::string id = unguessableId("das-");
  EXPECT_TRUE(std::regex_match(id, std::regex("das-[0-9a-f]{32}"))) << id;
  EXPECT_EQ(kRequestIdBits, 128u);
}

TEST(RandomIdTest, NeverRepeatsAcrossManyDraws) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    EXPECT_TRUE(seen.insert(unguessableId("")).second);
  }
}

TEST(RandomIdTest, FillsEveryByteAndValuesDiffer) {
  std::set<uint64_t> values;
  for (int i = 0; i < 1000; ++i) values.insert(randomUint64());
  EXPECT_EQ(values.size(), 1000u);
  fillRandom(nullptr, 0);  // nothing to fill is not an error
}

}  // namespace
}  // namespace citadel::random
