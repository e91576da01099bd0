// GroupRequestRegistry (TS-0004 §7.3.3.2): a (gid, target) pair runs once until it expires, and
// the registry stays within its capacity whatever an originator sends.
#include "cse/engine/group/group_request_registry.h"

#include <gtest/gtest.h>

namespace citadel::engine {
namespace {

using std::chrono::seconds;

const model::TimePoint kNow{seconds(1'000'000)};

TEST(GroupRequestRegistryTest, RecordsAPairOnceUntilItExpires) {
  GroupRequestRegistry registry(16, seconds(60));
  EXPECT_TRUE(registry.record("g1", "cnt1", kNow, std::nullopt));
  EXPECT_FALSE(registry.record("g1", "cnt1", kNow + seconds(59), std::nullopt));
  EXPECT_TRUE(registry.record("g1", "cnt2", kNow, std::nullopt)) << "another target";
  EXPECT_TRUE(registry.record("g2", "cnt1", kNow, std::nullopt)) << "another gid";
  EXPECT_TRUE(registry.record("g1", "cnt1", kNow + seconds(60), std::nullopt)) << "expired";
  EXPECT_FALSE(registry.record("g1", "cnt1", kNow + seconds(61), std::nullopt));
}

TEST(GroupRequestRegistryTest, KeepsAPairUntilTheRequestExpiration) {
  GroupRequestRegistry registry(16, seconds(60));
  EXPECT_TRUE(registry.record("g", "t", kNow, kNow + seconds(5)));
  EXPECT_FALSE(registry.record("g", "t", kNow + seconds(4), std::nullopt));
  EXPECT_TRUE(registry.record("g", "t", kNow + seconds(5), std::nullopt));
}

// The gid and target are joined with a separator no ID holds: ("ab", "c") is not ("a", "bc").
TEST(GroupRequestRegistryTest, KeepsGidAndTargetApart) {
  GroupRequestRegistry registry(16, seconds(60));
  EXPECT_TRUE(registry.record("ab", "c", kNow, std::nullopt));
  EXPECT_TRUE(registry.record("a", "bc", kNow, std::nullopt));
}

TEST(GroupRequestRegistryTest, StaysWithinItsCapacityEvictingTheOldest) {
  GroupRequestRegistry registry(8, seconds(60));
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(registry.record("g" + std::to_string(i), "t", kNow, std::nullopt));
    EXPECT_LE(registry.size(), 8u);
  }
  EXPECT_FALSE(registry.record("g999", "t", kNow, std::nullopt)) << "the newest are kept";
  EXPECT_TRUE(registry.record("g0", "t", kNow, std::nullopt)) << "the oldest went first";
  // Re-recording one pair after each expiry does not grow the registry either.
  for (int i = 0; i < 1000; ++i) {
    model::TimePoint at = kNow + seconds(2 * i);
    EXPECT_TRUE(registry.record("same", "t", at, at + seconds(1)));
    EXPECT_LE(registry.size(), 8u);
  }
}

}  // namespace
}  // namespace citadel::engine
