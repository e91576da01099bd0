// NotificationService on the in-process engine (TS-0004 §7.4.8.2.1, §7.5.1; spec digest
// primitives.md §7): verification outcomes, AE-ID targets, and the time-based policies (bn.dur,
// rl windows, exc) driven by advancing a FakeClock. The RecordingSender stands for the bindings.
//
// A "nothing more was sent" check waits a few timer ticks (tick = 10 ms) after the clock moved:
// the policies run on the service's timer thread, so that bounded wait is the only way to see
// that it did not act. Before the clock moves, a test waits for its events to be processed: a
// sentinel subscription, created after the one under test on the same container, gets every
// event right after it (same event, same order), so its notifications show how far the service
// got, whether it matches events synchronously or on a worker of its own.
#include "cse/engine/notification/notification_service.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/support/in_process_cse.h"

namespace citadel::testing {
namespace {

using model::Json;
using model::Rsc;
using namespace std::chrono_literals;

constexpr auto kWait = 2s;      // bound on an expected notification
constexpr auto kQuiet = 150ms;  // 15 timer ticks: long enough to see an unexpected one
const std::string kTarget = "http://target.test/n";
const std::string kSentinel = "http://sentinel.test/n";

class NotificationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner_ = cse_.registerAe("owner");
    model::Response r = cse_.create(owner_, ae_, 3, {{"m2m:cnt", {{"rn", "cnt"}}}});
    ASSERT_EQ(r.status_code, Rsc::kCreated) << r.content.dump();
  }

  model::Response subscribe(Json attributes, const std::string& rn = "sub") {
    attributes["rn"] = rn;
    if (!attributes.contains("nu")) {
      attributes["nu"] = {kTarget};
    }
    return cse_.create(owner_, cnt_, 23, {{"m2m:sub", attributes}});
  }
  std::string subscribeOk(Json attributes, const std::string& rn = "sub") {
    model::Response r = subscribe(std::move(attributes), rn);
    EXPECT_EQ(r.status_code, Rsc::kCreated) << r.content.dump();
    return r.content.is_object() && r.content.contains("m2m:sub")
               ? r.content["m2m:sub"].value("ri", "")
               : "";
  }
  void cin(const std::string& con) {
    model::Response r = cse_.create(owner_, cnt_, 4, {{"m2m:cin", {{"con", con}}}});
    ASSERT_EQ(r.status_code, Rsc::kCreated) << r.content.dump();
  }
  std::vector<std::string> cons(const std::string& target = kTarget) {
    std::vector<std::string> out;
    for (const auto& s : cse_.sender().eventsTo(target)) {
      Json content = s.request.content;  // non-const: a missing member fails, never UB
      if (content.contains("m2m:agn")) {
        for (auto& n : content["m2m:agn"]["m2m:sgn"]) {
          out.push_back(n["nev"]["rep"]["m2m:cin"].value("con", ""));
        }
      } else {
        out.push_back(s.sgn()["nev"]["rep"]["m2m:cin"].value("con", ""));
      }
    }
    return out;
  }
  // Adds the sentinel (see the top of the file). Call after the subscription under test.
  void addSentinel() {
    ASSERT_FALSE(subscribeOk({{"nu", {kSentinel}}, {"enc", {{"net", {3}}}}}, "sentinel").empty());
  }
  // Waits until the first `n` child creations were processed (the sentinel saw them).
  void settle(size_t n) {
    ASSERT_TRUE(cse_.sender().waitForEvents(kSentinel, n, kWait)) << "events not processed";
  }
  size_t events(const std::string& target = kTarget) {
    return cse_.sender().eventsTo(target).size();
  }
  // Waits until the event count to kTarget reaches `n`; then a few ticks more, to see extras.
  void expectEventsSettleAt(size_t n) {
    EXPECT_TRUE(cse_.sender().waitForEvents(kTarget, n, kWait)) << "expected " << n;
    EXPECT_FALSE(cse_.sender().waitForEvents(kTarget, n + 1, kQuiet)) << "more than " << n;
  }

  InProcessCse cse_;
  std::string owner_;
  const std::string ae_ = "cse-in/owner";
  const std::string cnt_ = "cse-in/owner/cnt";
};

TEST_F(NotificationServiceTest, VerifiesEveryTargetOtherThanTheOriginator) {
  std::string sub = subscribeOk({{"nu", {"http://a.test/", "http://b.test/"}}});
  ASSERT_FALSE(sub.empty());
  for (const char* target : {"http://a.test/", "http://b.test/"}) {
    auto sent = cse_.sender().sentTo(target);
    ASSERT_EQ(sent.size(), 1u) << target;
    EXPECT_TRUE(sent[0].isVerification());
    EXPECT_EQ(sent[0].sgn().value("sur", ""), "/id-in/" + sub);
    EXPECT_EQ(sent[0].sgn().value("cr", ""), owner_);
    EXPECT_EQ(sent[0].request.operation, model::Operation::kNotify);
  }
}

TEST_F(NotificationServiceTest, RefusesSubscriptionWhenVerificationIsRefused) {
  cse_.sender().setRsc(kTarget, Rsc::kSubscriptionCreatorHasNoPrivilege);
  model::Response r = subscribe({});
  EXPECT_EQ(r.status_code, Rsc::kSubscriptionVerificationInitiationFailed) << r.content.dump();
  EXPECT_FALSE(cse_.exists(cnt_ + "/sub"));
  // And the registry holds nothing for it: an update of the container notifies no one.
  cse_.sender().setRsc(kTarget, Rsc::kOk);
  ASSERT_EQ(cse_.update(owner_, cnt_, {{"m2m:cnt", {{"lbl", {"x"}}}}}).status_code, Rsc::kUpdated);
  ASSERT_TRUE(cse_.notifications().waitIdle(kWait));
  EXPECT_EQ(events(), 0u);
}

TEST_F(NotificationServiceTest, RefusesSubscriptionWhenTargetIsUnreachable) {
  cse_.sender().setRsc(kTarget, Rsc::kTargetNotReachable);
  model::Response r = subscribe({});
  EXPECT_EQ(r.status_code, Rsc::kSubscriptionVerificationInitiationFailed) << r.content.dump();
  EXPECT_FALSE(cse_.exists(cnt_ + "/sub"));
}

TEST_F(NotificationServiceTest, RefusesAeIdTargetThatIsNotAnAe) {
  model::Response r = subscribe({{"nu", {"Cnobody"}}});
  EXPECT_EQ(r.status_code, Rsc::kSubscriptionVerificationInitiationFailed) << r.content.dump();
}

TEST_F(NotificationServiceTest, SendsToThePoaOfAnAeIdTarget) {
  std::string target = cse_.registerAe("listener", true, {"http://listener.test/p"});
  std::string sub = subscribeOk({{"nu", {target}}, {"enc", {{"net", {3}}}}});
  ASSERT_FALSE(sub.empty());
  cin("hello");
  ASSERT_TRUE(cse_.sender().waitForEvents("http://listener.test/p", 1, kWait));
  EXPECT_EQ(cons("http://listener.test/p"), std::vector<std::string>{"hello"});
}

TEST_F(NotificationServiceTest, BatchesUntilDurationPassesOnTheClock) {
  ASSERT_FALSE(
      subscribeOk({{"enc", {{"net", {3}}}}, {"bn", {{"num", 10}, {"dur", "PT5S"}}}}).empty());
  addSentinel();
  cin("c0");
  cin("c1");
  settle(2);
  cse_.clock().advance(4s);
  EXPECT_FALSE(cse_.sender().waitForEvents(kTarget, 1, kQuiet)) << "sent before dur";
  cse_.clock().advance(1s);
  ASSERT_TRUE(cse_.sender().waitForEvents(kTarget, 1, kWait)) << "not sent at dur";
  auto sent = cse_.sender().eventsTo(kTarget);
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_TRUE(sent[0].request.content.contains("m2m:agn")) << sent[0].request.content.dump();
  EXPECT_EQ(cons(), (std::vector<std::string>{"c0", "c1"}));
}

TEST_F(NotificationServiceTest, UsesConfiguredBatchDurationWhenBnHasNone) {
  ASSERT_FALSE(subscribeOk({{"enc", {{"net", {3}}}}, {"bn", {{"num", 10}}}}).empty());
  addSentinel();
  cin("c0");
  settle(1);
  cse_.clock().advance(9s);  // notification.batchDuration is 10 s here
  EXPECT_FALSE(cse_.sender().waitForEvents(kTarget, 1, kQuiet));
  cse_.clock().advance(1s);
  ASSERT_TRUE(cse_.sender().waitForEvents(kTarget, 1, kWait));
  EXPECT_EQ(cons(), std::vector<std::string>{"c0"});
}

TEST_F(NotificationServiceTest, SendsLatestOfCompleteBatchWithLatestNotify) {
  ASSERT_FALSE(
      subscribeOk({{"enc", {{"net", {3}}}}, {"ln", true}, {"bn", {{"num", 3}, {"dur", "PT60S"}}}})
          .empty());
  cin("c0");
  cin("c1");
  cin("c2");
  // The third event completes the batch (num=3); only its newest notification is sent.
  ASSERT_TRUE(cse_.sender().waitForEvents(kTarget, 1, kWait))
      << "nothing sent after num=3 events with ln=true (the clock did not move)";
  EXPECT_EQ(cons(), std::vector<std::string>{"c2"});
}

TEST_F(NotificationServiceTest, ReplacesQueuedNotificationWithLatestNotify) {
  ASSERT_FALSE(subscribeOk({{"enc", {{"net", {3}}}}, {"ln", true}}).empty());
  addSentinel();
  cse_.sender().block(kTarget);
  cin("c0");
  ASSERT_TRUE(cse_.sender().waitForEvents(kTarget, 1, kWait));  // c0 in flight
  cin("c1");
  cin("c2");  // replaces the waiting c1
  settle(3);
  cse_.sender().unblock(kTarget);
  ASSERT_TRUE(cse_.notifications().waitIdle(kWait));
  EXPECT_EQ(cons(), (std::vector<std::string>{"c0", "c2"}));
  for (const auto& s : cse_.sender().eventsTo(kTarget)) {
    EXPECT_EQ(s.request.event_category, "4") << "latestNotify sends ec=latest";
  }
}

TEST_F(NotificationServiceTest, RateLimitSendsAllPendingInLaterWindows) {
  ASSERT_FALSE(
      subscribeOk({{"enc", {{"net", {3}}}}, {"rl", {{"mnn", 1}, {"tww", 10}}}, {"pn", 2}}).empty());
  addSentinel();
  cin("c0");
  cin("c1");
  cin("c2");
  settle(3);
  expectEventsSettleAt(1);
  cse_.clock().advance(10s);
  expectEventsSettleAt(2);
  cse_.clock().advance(10s);
  expectEventsSettleAt(3);
  EXPECT_EQ(cons(), (std::vector<std::string>{"c0", "c1", "c2"}));
}

TEST_F(NotificationServiceTest, RateLimitSendsOnlyLatestPendingWithSendLatest) {
  ASSERT_FALSE(
      subscribeOk({{"enc", {{"net", {3}}}}, {"rl", {{"mnn", 1}, {"tww", 10}}}, {"pn", 1}}).empty());
  addSentinel();
  cin("c0");
  cin("c1");
  cin("c2");
  settle(3);
  expectEventsSettleAt(1);
  cse_.clock().advance(10s);
  expectEventsSettleAt(2);
  cse_.clock().advance(10s);
  expectEventsSettleAt(2);
  EXPECT_EQ(cons(), (std::vector<std::string>{"c0", "c2"}));
}

TEST_F(NotificationServiceTest, RateLimitDiscardsExcessWithoutPendingNotification) {
  ASSERT_FALSE(subscribeOk({{"enc", {{"net", {3}}}}, {"rl", {{"mnn", 1}, {"tww", 10}}}}).empty());
  addSentinel();
  cin("c0");
  cin("c1");
  settle(2);
  expectEventsSettleAt(1);
  cse_.clock().advance(10s);
  expectEventsSettleAt(1);
  cin("c2");  // a new window
  expectEventsSettleAt(2);
  EXPECT_EQ(cons(), (std::vector<std::string>{"c0", "c2"}));
}

TEST_F(NotificationServiceTest, DeletesSubscriptionWhenExpirationCounterRunsOut) {
  std::string sub =
      subscribeOk({{"enc", {{"net", {3}}}}, {"exc", 2}, {"su", "http://subscriber.test/su"}});
  ASSERT_FALSE(sub.empty());
  cin("c0");
  ASSERT_TRUE(cse_.sender().waitForEvents(kTarget, 1, kWait));
  // The counter is stored around the delivery, not necessarily before it: poll (bounded).
  auto deadline = std::chrono::steady_clock::now() + kWait;
  while (cse_.attributesOf(cnt_ + "/sub").value("exc", -1) != 1 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(cse_.attributesOf(cnt_ + "/sub").value("exc", -1), 1);
  cin("c1");
  // su was verified at CREATE (issue 15 #7); the deletion notice comes second.
  ASSERT_TRUE(cse_.sender().waitForCount("http://subscriber.test/su", 2, kWait));
  auto sud = cse_.sender().sentTo("http://subscriber.test/su");
  EXPECT_TRUE(sud[0].isVerification());
  EXPECT_TRUE(sud[1].isDeletion());
  EXPECT_EQ(sud[1].sgn().value("sur", ""), "/id-in/" + sub);
  EXPECT_FALSE(cse_.exists(cnt_ + "/sub"));
  cin("c2");
  ASSERT_TRUE(cse_.notifications().waitIdle(kWait));
  EXPECT_EQ(cons(), (std::vector<std::string>{"c0", "c1"}));
}

TEST_F(NotificationServiceTest, SendsSubscriptionDeletionOnDelete) {
  std::string sub = subscribeOk({{"su", "http://subscriber.test/su"}});
  ASSERT_FALSE(sub.empty());
  // su is verified like nu (issue 15 #7), then hears of the deletion.
  ASSERT_EQ(cse_.sender().sentTo("http://subscriber.test/su").size(), 1u);
  EXPECT_TRUE(cse_.sender().sentTo("http://subscriber.test/su")[0].isVerification());
  ASSERT_EQ(cse_.remove(owner_, cnt_ + "/sub").status_code, Rsc::kDeleted);
  ASSERT_TRUE(cse_.sender().waitForCount("http://subscriber.test/su", 2, kWait));
  EXPECT_TRUE(cse_.sender().sentTo("http://subscriber.test/su")[1].isDeletion());
}

}  // namespace
}  // namespace citadel::testing
