// resources/key_layout.h: the byte order of keys is what makes child listing and the instance
// index (la / ol / trimming) work, so the order itself is under test.
#include "resources/key_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace citadel::resources::keys {
namespace {

TEST(KeyLayoutTest, BuildsDocumentedKeys) {
  EXPECT_EQ(resource("cnt1"), "r/cnt1");
  EXPECT_EQ(childPrefix("id-in"), "c/id-in/");
  EXPECT_EQ(child("id-in", "lamp"), "c/id-in/lamp");
  EXPECT_EQ(instancePrefix("cnt1"), "i/cnt1/");
  EXPECT_EQ(instance("cnt1", 0), "i/cnt1/0000000000000000");
  EXPECT_EQ(instance("cnt1", 0xabc), "i/cnt1/0000000000000abc");
  EXPECT_EQ(instance("cnt1", std::numeric_limits<uint64_t>::max()), "i/cnt1/ffffffffffffffff");
}

TEST(KeyLayoutTest, OrdersInstanceKeysBySequence) {
  const std::vector<uint64_t> sequences = {0,          1,
                                           9,          10,
                                           15,         16,
                                           255,        256,
                                           4095,       4096,
                                           1u << 31,   (1ull << 32) + 1,
                                           1ull << 60, (1ull << 63) - 1,
                                           1ull << 63, std::numeric_limits<uint64_t>::max()};
  for (size_t i = 1; i < sequences.size(); ++i) {
    EXPECT_LT(instance("cnt1", sequences[i - 1]), instance("cnt1", sequences[i]))
        << sequences[i - 1] << " vs " << sequences[i];
  }
}

TEST(KeyLayoutTest, SortsInstanceKeysLikeSequences) {
  std::vector<uint64_t> sequences;
  uint64_t x = 88172645463325252ull;  // xorshift: deterministic spread over the whole range
  for (int i = 0; i < 1000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    sequences.push_back(x >> (i % 64));
  }
  std::vector<std::string> keys;
  for (uint64_t s : sequences) {
    keys.push_back(instance("c", s));
  }
  std::sort(sequences.begin(), sequences.end());
  std::sort(keys.begin(), keys.end());
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(keys[i], instance("c", sequences[i]));
  }
}

TEST(KeyLayoutTest, PrefixEndBoundsExactlyThePrefix) {
  std::string prefix = childPrefix("p1");
  std::string end = prefixEnd(prefix);
  EXPECT_EQ(end, "c/p10");
  EXPECT_LT(child("p1", "zzzz"), end);
  EXPECT_LT(child("p1", "~~~~"), end);
  EXPECT_GE(child("p10", "a"), end);  // the next parent's keys are outside
  EXPECT_LT(instance("cnt", std::numeric_limits<uint64_t>::max()),
            prefixEnd(instancePrefix("cnt")));
}

TEST(KeyLayoutTest, KeepsChildrenOfDifferentParentsApart) {
  // "p1" is a text prefix of "p10", but the '/' separator keeps their key ranges disjoint.
  EXPECT_FALSE(child("p10", "a").starts_with(childPrefix("p1")));
  EXPECT_FALSE(instance("cnt10", 1).starts_with(instancePrefix("cnt1")));
}

}  // namespace
}  // namespace citadel::resources::keys
