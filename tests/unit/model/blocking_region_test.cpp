// model::BlockingRegion: the outermost region of a thread with a handoff opens it once and closes
// it once; a thread without one, or a handoff that refuses, changes nothing.
#include "cse/model/blocking_region.h"

#include <gtest/gtest.h>

#include <thread>

namespace citadel::model {
namespace {

class CountingHandoff final : public BlockingHandoff {
 public:
  explicit CountingHandoff(bool accept) : accept_(accept) {}
  bool enter() override {
    ++enters;
    return accept_;
  }
  void leave() override { ++leaves; }
  int enters = 0;
  int leaves = 0;

 private:
  bool accept_;
};

class BlockingRegionTest : public ::testing::Test {
 protected:
  void TearDown() override { setThreadBlockingHandoff(nullptr); }
};

TEST_F(BlockingRegionTest, NestedRegionsHandOffOnce) {
  CountingHandoff handoff(true);
  setThreadBlockingHandoff(&handoff);
  {
    BlockingRegion outer;
    EXPECT_TRUE(outer.handedOff());
    {
      BlockingRegion inner;
      EXPECT_FALSE(inner.handedOff());
      EXPECT_EQ(handoff.enters, 1);
    }
    EXPECT_EQ(handoff.leaves, 0) << "the outer wait is still on";
  }
  EXPECT_EQ(handoff.enters, 1);
  EXPECT_EQ(handoff.leaves, 1);
  {
    BlockingRegion again;  // depth back to zero: a new wait hands off again
    EXPECT_TRUE(again.handedOff());
  }
  EXPECT_EQ(handoff.enters, 2);
}

TEST_F(BlockingRegionTest, RefusedHandoffIsNotLeft) {
  CountingHandoff handoff(false);
  setThreadBlockingHandoff(&handoff);
  {
    BlockingRegion region;
    EXPECT_FALSE(region.handedOff());
  }
  EXPECT_EQ(handoff.enters, 1);
  EXPECT_EQ(handoff.leaves, 0);
}

TEST_F(BlockingRegionTest, HandoffIsPerThread) {
  CountingHandoff handoff(true);
  setThreadBlockingHandoff(&handoff);
  std::thread other([] {
    EXPECT_EQ(threadBlockingHandoff(), nullptr);
    BlockingRegion region;
    EXPECT_FALSE(region.handedOff());
  });
  other.join();
  EXPECT_EQ(handoff.enters, 0);
}

}  // namespace
}  // namespace citadel::model
