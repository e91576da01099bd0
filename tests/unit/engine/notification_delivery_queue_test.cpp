// DeliveryQueue (cse/engine/notification/delivery_queue.h): per-target order, one item in flight
// per target, isolation of a blocked target, one retry on 5103 only, latest-only replacement,
// the capacity bound and waitIdle. Driven with a recording fake PrimitiveSender; every wait is
// bounded.
#include <gtest/gtest.h>

#include <atomic>
#include <map>

#include "cse/engine/notification/delivery_queue.h"
#include "tests/support/in_process_cse.h"

namespace citadel::engine {
namespace {

using citadel::testing::RecordingSender;
using model::Rsc;
using namespace std::chrono_literals;

DeliveryItem item(const std::string& target, const std::string& tag,
                  const std::string& latest_key = "") {
  DeliveryItem i;
  i.target_uri = target;
  i.request.operation = model::Operation::kNotify;
  i.request.request_id = tag;
  i.request.content = {
      {"m2m:sgn", {{"nev", {{"net", 3}, {"rep", {{"tag", tag}}}}}, {"sur", "/id-in/s"}}}};
  i.latest_key = latest_key;
  return i;
}

std::vector<std::string> tags(const std::vector<RecordingSender::Sent>& sent) {
  std::vector<std::string> out;
  for (const auto& s : sent) {
    out.push_back(s.request.request_id);
  }
  return out;
}

DeliveryOptions options(size_t workers, size_t max_queued = 1000) {
  DeliveryOptions o;
  o.workers = workers;
  o.max_queued = max_queued;
  o.retry_delay = 5ms;
  return o;
}

// Counts concurrent sends per target and remembers the largest number seen.
class ConcurrencyProbe final : public model::PrimitiveSender {
 public:
  model::Response send(const std::string& target, const model::Request& request) override {
    {
      std::lock_guard lock(mutex_);
      int now = ++in_flight_[target];
      max_in_flight_ = std::max(max_in_flight_, now);
      order_[target].push_back(request.request_id);
    }
    std::this_thread::sleep_for(1ms);
    {
      std::lock_guard lock(mutex_);
      --in_flight_[target];
    }
    model::Response r;
    r.status_code = Rsc::kOk;
    return r;
  }
  int maxInFlight() {
    std::lock_guard lock(mutex_);
    return max_in_flight_;
  }
  std::vector<std::string> order(const std::string& target) {
    std::lock_guard lock(mutex_);
    return order_[target];
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int> in_flight_;
  std::map<std::string, std::vector<std::string>> order_;
  int max_in_flight_ = 0;
};

TEST(DeliveryQueueTest, DeliversItemsOfOneTargetInEnqueueOrderOneAtATime) {
  ConcurrencyProbe probe;
  DeliveryQueue queue(probe, options(4));
  queue.start();
  std::vector<std::string> expected_a, expected_b;
  for (int i = 0; i < 40; ++i) {
    std::string a = "a" + std::to_string(i), b = "b" + std::to_string(i);
    ASSERT_TRUE(queue.enqueue(item("http://a.test/", a)));
    ASSERT_TRUE(queue.enqueue(item("http://b.test/", b)));
    expected_a.push_back(a);
    expected_b.push_back(b);
  }
  ASSERT_TRUE(queue.waitIdle(5s));
  EXPECT_EQ(probe.order("http://a.test/"), expected_a);
  EXPECT_EQ(probe.order("http://b.test/"), expected_b);
  EXPECT_EQ(probe.maxInFlight(), 1) << "two sends to one target overlapped";
  EXPECT_EQ(queue.delivered(), 80u);
  EXPECT_EQ(queue.failed(), 0u);
}

TEST(DeliveryQueueTest, DeliversToOtherTargetsWhileOneIsBlocked) {
  RecordingSender sender;
  sender.block("http://dead.test/");
  DeliveryQueue queue(sender, options(2));
  queue.start();
  ASSERT_TRUE(queue.enqueue(item("http://dead.test/", "d0")));
  ASSERT_TRUE(queue.enqueue(item("http://dead.test/", "d1")));
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(queue.enqueue(item("http://live.test/", "l" + std::to_string(i))));
  }
  EXPECT_TRUE(sender.waitForCount("http://live.test/", 5, 2s))
      << "the blocked target held up the others";
  // A worker may deliver all five live items before the other one has reached d0.
  ASSERT_TRUE(sender.waitForCount("http://dead.test/", 1, 2s));
  EXPECT_EQ(tags(sender.sentTo("http://dead.test/")), std::vector<std::string>{"d0"})
      << "the blocked target's next item waits for the first";
  EXPECT_FALSE(queue.waitIdle(50ms));
  sender.unblock("http://dead.test/");
  ASSERT_TRUE(queue.waitIdle(2s));
  EXPECT_EQ(tags(sender.sentTo("http://dead.test/")), (std::vector<std::string>{"d0", "d1"}));
}

TEST(DeliveryQueueTest, RetriesOnceWhenTargetIsUnreachable) {
  RecordingSender sender;
  sender.setRsc("http://gone.test/", Rsc::kTargetNotReachable);
  DeliveryQueue queue(sender, options(1));
  queue.start();
  std::atomic<int> final_rsc{0};
  DeliveryItem i = item("http://gone.test/", "g");
  i.on_done = [&](const model::Response& r) { final_rsc = static_cast<int>(r.status_code); };
  ASSERT_TRUE(queue.enqueue(std::move(i)));
  ASSERT_TRUE(queue.waitIdle(2s));
  EXPECT_EQ(sender.sentTo("http://gone.test/").size(), 2u) << "one try and one retry";
  EXPECT_EQ(final_rsc.load(), 5103);
  EXPECT_EQ(queue.failed(), 1u);
  EXPECT_EQ(queue.delivered(), 0u);
}

TEST(DeliveryQueueTest, DoesNotRetryWhenTargetAnswersOrTimesOut) {
  RecordingSender sender;
  sender.setRsc("http://slow.test/", Rsc::kRequestTimeout);
  sender.setRsc("http://no.test/", Rsc::kSubscriptionCreatorHasNoPrivilege);
  DeliveryQueue queue(sender, options(2));
  queue.start();
  ASSERT_TRUE(queue.enqueue(item("http://slow.test/", "s")));
  ASSERT_TRUE(queue.enqueue(item("http://no.test/", "n")));
  ASSERT_TRUE(queue.waitIdle(2s));
  EXPECT_EQ(sender.sentTo("http://slow.test/").size(), 1u);
  EXPECT_EQ(sender.sentTo("http://no.test/").size(), 1u);
  EXPECT_EQ(queue.failed(), 2u);
}

TEST(DeliveryQueueTest, ReplacesWaitingItemWithSameLatestKey) {
  RecordingSender sender;
  sender.block("http://t.test/");
  DeliveryQueue queue(sender, options(1));
  queue.start();
  ASSERT_TRUE(queue.enqueue(item("http://t.test/", "k0", "sub1")));
  ASSERT_TRUE(sender.waitForCount("http://t.test/", 1, 2s));  // k0 is in flight
  ASSERT_TRUE(queue.enqueue(item("http://t.test/", "k1", "sub1")));
  ASSERT_TRUE(queue.enqueue(item("http://t.test/", "other", "")));
  ASSERT_TRUE(queue.enqueue(item("http://t.test/", "k2", "sub1")));
  sender.unblock("http://t.test/");
  ASSERT_TRUE(queue.waitIdle(2s));
  // The in-flight k0 is not replaced; k1, still waiting, is replaced by k2 in its place.
  EXPECT_EQ(tags(sender.sentTo("http://t.test/")), (std::vector<std::string>{"k0", "k2", "other"}));
}

TEST(DeliveryQueueTest, DropsItemsBeyondCapacity) {
  RecordingSender sender;
  sender.block("http://t.test/");
  DeliveryQueue queue(sender, options(1, 3));
  queue.start();
  int accepted = 0;
  for (int i = 0; i < 6; ++i) {
    accepted += queue.enqueue(item("http://t.test/", "i" + std::to_string(i))) ? 1 : 0;
  }
  EXPECT_EQ(accepted, 3);
  EXPECT_EQ(queue.dropped(), 3u);
  sender.unblock("http://t.test/");
  ASSERT_TRUE(queue.waitIdle(2s));
  EXPECT_EQ(tags(sender.sentTo("http://t.test/")), (std::vector<std::string>{"i0", "i1", "i2"}));
  EXPECT_TRUE(queue.enqueue(item("http://t.test/", "again"))) << "room again once delivered";
  ASSERT_TRUE(queue.waitIdle(2s));
}

TEST(DeliveryQueueTest, RefusesItemsAfterStop) {
  RecordingSender sender;
  DeliveryQueue queue(sender, options(1));
  queue.start();
  queue.stop();
  EXPECT_FALSE(queue.enqueue(item("http://t.test/", "late")));
  EXPECT_EQ(queue.dropped(), 1u);
  EXPECT_TRUE(sender.sent().empty());
}

}  // namespace
}  // namespace citadel::engine
