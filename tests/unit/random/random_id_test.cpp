// Unguessable identifiers (issue 15 #2): the format callers rely on, and no repetition.
#include "cse/random/random_id.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

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

TEST(RandomIdTest, PooledBytesAreNeverHandedOutTwiceAcrossRefillsAndThreads) {
  // Draws that straddle refills (odd sizes, one larger than the pool) and two threads: every
  // 16-byte window drawn is distinct, so no pool byte was reused.
  auto draw = [] {
    std::vector<std::string> drawn;
    for (size_t size : {size_t{16}, size_t{7}, kPoolBytes + 9, size_t{16}, size_t{1}}) {
      for (int i = 0; i < 40; ++i) {
        std::string bytes(size, '\0');
        fillUnguessable(bytes.data(), bytes.size());
        if (size >= 16) drawn.push_back(bytes.substr(0, 16));
      }
    }
    return drawn;
  };
  std::vector<std::string> other;
  std::thread thread([&] { other = draw(); });
  std::vector<std::string> mine = draw();
  thread.join();
  std::set<std::string> seen(mine.begin(), mine.end());
  seen.insert(other.begin(), other.end());
  EXPECT_EQ(seen.size(), mine.size() + other.size());
  fillUnguessable(nullptr, 0);
}

}  // namespace
}  // namespace citadel::random
