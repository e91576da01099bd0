// A request-unreachable MN-CSE (behind NAT: registrar.requestReachable=false), between two
// real citadel processes (TS-0001 §10.2.5.12-.19, TS-0004 §7.4.21-22): it registers with rr=false
// and no poa, creates a <pollingChannel> under its <remoteCSE> at the IN and long-polls it. What
// the IN routes to the MN — requests of the IN's AEs, notifications to an AE behind the MN —
// reaches it only through that channel, is decided by the MN's own pipeline and ACPs, and the
// answers come back to the originator. After a restart the MN finds its channel again, and it
// stops at once while a poll is waiting.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/cse_tree.h"
#include "tests/support/http_client.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

constexpr std::chrono::seconds kPollWait{30};

class CsePollingTest : public CseTreeTest {
 protected:
  std::vector<std::string> mnExtraArgs() const override {
    return {"--registrar.requestReachable=false", "--registrar.pollWait=2000"};
  }
  void SetUp() override {
    CseTreeTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(waitForRegistration(kPollWait));
    ASSERT_TRUE(waitForChannel());
    ASSERT_EQ(in_http_->create("Cup", "/cse-in", 2, treeAeBody("up")).rsc, 2001);
  }

  // True once the MN's <pollingChannel> exists under its <remoteCSE> at the IN.
  bool waitForChannel() {
    return waitUntil([&] { return in_http_->retrieve("CAdmin", "/cse-in/id-mn/pch").rsc == 2000; },
                     kPollWait);
  }
};

TEST_F(CsePollingTest, TheMnRegistersUnreachableWithAChannelAndNoPointOfAccess) {
  HttpResult record = in_http_->retrieve("CAdmin", "/cse-in/id-mn");
  ASSERT_EQ(record.rsc, 2000) << record;
  EXPECT_EQ(record.resource().value("rr", true), false) << record;
  EXPECT_EQ(record.resource().value("poa", Json::array()).size(), 0u) << record;
  HttpResult channel = in_http_->retrieve("CAdmin", "/cse-in/id-mn/pch");
  EXPECT_EQ(channel.resource().value("ty", 0), 15) << channel;
  // Its channel is the MN's alone: an AE of the IN may not poll it.
  EXPECT_EQ(in_http_->retrieve("Cup", "/cse-in/id-mn/pch/pcu").rsc, 4103);
}

TEST_F(CsePollingTest, RequestsForTheMnTravelThroughItsChannelAndItsAcpDecides) {
  std::string cnt = grantedContainer(*mn_http_, "/cse-mn", "polled", "/id-in/Cup");
  Json cin = {{"m2m:cin", {{"con", "through the channel"}, {"cr", nullptr}}}};
  HttpResult created = in_http_->create("Cup", "/~/id-mn" + cnt, 4, cin);
  ASSERT_EQ(created.rsc, 2001) << created;
  HttpResult stored = mn_http_->retrieve("CAdmin", cnt + "/la");
  ASSERT_EQ(stored.rsc, 2000) << stored;
  EXPECT_EQ(stored.resource().value("con", ""), "through the channel");
  EXPECT_EQ(stored.resource().value("cr", ""), "/id-in/Cup");
  HttpResult read = in_http_->retrieve("Cup", "/~/id-mn" + cnt + "/la");
  ASSERT_EQ(read.rsc, 2000) << read;
  EXPECT_EQ(read.resource().value("con", ""), "through the channel");
  // The MN's ACP decides for the polled request: another AE of the IN is not granted, and the
  // IN's admin is an ordinary AE-ID there.
  ASSERT_EQ(in_http_->create("Cother", "/cse-in", 2, treeAeBody("other")).rsc, 2001);
  EXPECT_EQ(in_http_->retrieve("Cother", "/~/id-mn" + cnt + "/la").rsc, 4103);
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/~/id-mn" + cnt + "/la").rsc, 4103);
}

TEST_F(CsePollingTest, ANotificationReachesAnAeBehindTheUnreachableMn) {
  NotificationReceiver receiver;
  ASSERT_NE(receiver.port(), 0);
  notifyAnAeOfTheMn(*in_http_, *mn_http_, receiver.url("/recv"), "Cup");
  if (HasFatalFailure()) return;
  ASSERT_TRUE(receiver.waitForEvents("/recv", 1, std::chrono::seconds(15)));
  EXPECT_EQ(receiver.eventsTo("/recv").front().sgn()["nev"]["rep"]["m2m:cin"]["con"], "event");
}

TEST_F(CsePollingTest, AfterARestartTheMnPollsItsChannelAgain) {
  std::string cnt = grantedContainer(*mn_http_, "/cse-mn", "again", "/id-in/Cup");
  mn_->restart();
  ASSERT_TRUE(mn_->running());
  mn_http_ = std::make_unique<HttpClient>(mn_->port());
  // The channel is the one from before (4105 on CREATE, found by discovery): one child only.
  HttpResult channels = in_http_->retrieve("CAdmin", "/cse-in/id-mn", "fu=1&ty=15");
  EXPECT_EQ(channels.json.value("m2m:uril", Json::array()).size(), 1u) << channels;
  EXPECT_TRUE(waitUntil(
      [&] { return in_http_->retrieve("Cup", "/~/id-mn" + cnt).rsc == 2000; }, kPollWait));
}

class CsePollingStopTest : public CsePollingTest {
 protected:
  std::vector<std::string> mnExtraArgs() const override {
    return {"--registrar.requestReachable=false", "--registrar.pollWait=20000"};
  }
};

TEST_F(CsePollingStopTest, TheMnStopsAtOnceWhileAPollWaits) {
  // A poll waits up to 20 s here; SIGTERM must not wait for it (the poll sender is closed).
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  mn_->stop(std::chrono::seconds(5));
  int status = mn_->lastWaitStatus();
  EXPECT_TRUE(WIFEXITED(status)) << "the MN had to be killed: status " << status;
}

}  // namespace
}  // namespace citadel::testing
