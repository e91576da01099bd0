// NotificationPolicies (cse/engine/notification/notification_policies.h): the byte bounds of
// batches (bn) and pending rate-limited notifications (rl, pn) of issue 15 #12. The sink records
// what is sent; the clock is passed in, so nothing depends on timing.
#include "cse/engine/notification/notification_policies.h"

#include <gtest/gtest.h>

#include "storage/memory_store.h"

namespace citadel::engine {
namespace {

using model::Json;
using resources::Resource;

constexpr size_t kBodyBytes = 1000;

Resource subscription(Json extra) {
  Resource sub;
  sub.attributes = {{"ty", 23}, {"ri", "sub1"}, {"rn", "sub1"}};
  sub.attributes.update(extra);
  return sub;
}

Json body(char fill) { return {{"nev", {{"net", 3}, {"rep", std::string(kBodyBytes, fill)}}}}; }

class NotificationPoliciesTest : public ::testing::Test {
 protected:
  NotificationPoliciesTest()
      : repository_(store_),
        policies_(repository_, std::chrono::seconds(10),
                  [this](OutgoingNotification n) { sent_.push_back(std::move(n)); },
                  {.per_subscription = 3 * kBodyBytes + 500, .total = 1 << 20}) {}

  storage::MemoryStore store_;
  resources::ResourceRepository repository_;
  std::vector<OutgoingNotification> sent_;
  NotificationPolicies policies_;
  model::TimePoint now_{};
};

TEST_F(NotificationPoliciesTest, SendsABatchEarlyWhenTheNextEventWouldPassItsByteBound) {
  Resource sub = subscription({{"bn", {{"num", 100}, {"dur", 3600}}}});
  for (char c : {'a', 'b', 'c'}) {
    policies_.apply(sub, body(c), {"http://t"}, now_);
  }
  EXPECT_TRUE(sent_.empty()) << "three events fit in the bound";
  policies_.apply(sub, body('d'), {"http://t"}, now_);
  ASSERT_EQ(sent_.size(), 1u) << "the fourth would not: the three go now";
  EXPECT_EQ(sent_[0].events, 3u);
  EXPECT_EQ(sent_[0].content["m2m:agn"]["m2m:sgn"].size(), 3u);
  EXPECT_GT(policies_.bufferedBytes(), kBodyBytes) << "the fourth starts the next batch";
  policies_.forget("sub1");
  EXPECT_EQ(policies_.bufferedBytes(), 0u);
}

TEST_F(NotificationPoliciesTest, SendsAnEventLargerThanTheBoundAtOnce) {
  Resource sub = subscription({{"bn", {{"num", 100}, {"dur", 3600}}}});
  Json huge = {{"nev", {{"net", 3}, {"rep", std::string(10 * kBodyBytes, 'h')}}}};
  policies_.apply(sub, huge, {"http://t"}, now_);
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(policies_.bufferedBytes(), 0u);
}

TEST_F(NotificationPoliciesTest, DropsTheOldestPendingNotificationsAtTheByteBound) {
  Resource sub = subscription({{"rl", {{"mnn", 1}, {"tww", 3600}}}, {"pn", 2}});
  policies_.apply(sub, body('0'), {"http://t"}, now_);
  ASSERT_EQ(sent_.size(), 1u) << "the first is within the rate";
  for (char c : {'1', '2', '3', '4', '5'}) {
    policies_.apply(sub, body(c), {"http://t"}, now_);
  }
  EXPECT_EQ(sent_.size(), 1u);
  EXPECT_LE(policies_.bufferedBytes(), 3 * kBodyBytes + 500) << "pending within the bound";
  EXPECT_GE(policies_.bufferedBytes(), 3 * kBodyBytes) << "the newest three kept";
  policies_.forget("sub1");
  EXPECT_EQ(policies_.bufferedBytes(), 0u);
}

}  // namespace
}  // namespace citadel::engine
