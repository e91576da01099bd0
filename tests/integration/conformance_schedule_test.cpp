// <schedule> (ty 18, m2m:sch), from TS-0004 §7.4.9 and TS-0001 §9.6.9, against the real binary
// over HTTP and CoAP: CREATE under the <CSEBase>, a <subscription> and a <node> with
// scheduleElement (se) checked entry by entry (4000 naming the field), networkCoordinated only
// under a <node> (4102 on CREATE and UPDATE), other parents refused (4108), and the effect under
// a <subscription>: notifications only inside its schedule.
#include <gtest/gtest.h>

#include <ctime>
#include <string>

#include "tests/support/binding_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/http_client.h"
#include "tests/support/notification_receiver.h"
#include "tests/support/test_cse.h"

namespace citadel::testing {
namespace {

// A schedule entry for every second of the hour `hour` (UTC) of every day.
std::string hourEntry(int hour) { return "* * " + std::to_string(hour) + " * * * *"; }

int currentUtcHour() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return utc.tm_hour;
}

class ConformanceScheduleTest : public CseFixture,
                                public ::testing::WithParamInterface<std::string> {
 protected:
  static void SetUpTestSuite() { startCse({"--coap.enabled=true", "--coap.port=0"}); }
  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    connectBindingClient(GetParam(), client_);
  }

  BindingReply createSchedule(const std::string& parent, Json attributes) {
    if (!attributes.contains("rn")) attributes["rn"] = uniqueName("sch");
    return client_->create(kAdmin, parent, 18, {{"m2m:sch", attributes}});
  }

  std::string createNode() {
    std::string rn = uniqueName("nod");
    EXPECT_EQ(client_->create(kAdmin, kCseBase, 14, {{"m2m:nod", {{"rn", rn}, {"ni", rn}}}}).rsc,
              2001);
    return std::string(kCseBase) + "/" + rn;
  }

  std::unique_ptr<BindingClient> client_;
};

TEST_P(ConformanceScheduleTest, SchedulesLiveUnderTheCseBaseANodeAndASubscription) {
  Json se = {{"sce", {"* 0-5 2,6,10 * * * *", "* * 8-20 * * 1-5 *"}}};
  BindingReply made = createSchedule(kCseBase, {{"se", se}, {"lbl", {"reach"}}});
  ASSERT_EQ(made.rsc, 2001) << made;
  EXPECT_EQ(made.resource().value("ty", 0), 18);
  EXPECT_EQ(made.resource()["se"], se);
  std::string node = createNode();
  BindingReply under_node = createSchedule(node, {{"se", se}, {"nco", true}});
  ASSERT_EQ(under_node.rsc, 2001) << under_node;
  EXPECT_EQ(under_node.resource()["nco"], true);
  std::string cnt = createContainer(kAdmin, kCseBase);
  NotificationReceiver receiver;
  BindingReply sub = client_->create(
      kAdmin, cnt, 23, {{"m2m:sub", {{"rn", "s"}, {"nu", {receiver.url("/s")}}}}});
  ASSERT_EQ(sub.rsc, 2001) << sub;
  EXPECT_EQ(createSchedule(cnt + "/s", {{"se", se}}).rsc, 2001);
  // At most one under a <subscription> (and a <CSEBase>); any number under a <node>.
  BindingReply second = createSchedule(cnt + "/s", {{"se", se}});
  EXPECT_EQ(second.rsc, 4000) << second;
  EXPECT_NE(second.dbg().find("at most one"), std::string::npos) << second;
  EXPECT_EQ(createSchedule(node, {{"se", se}}).rsc, 2001);
  // Elsewhere: 4108.
  EXPECT_EQ(createSchedule(cnt, {{"se", se}}).rsc, 4108);
  Ae ae = registerAe("schAe");
  EXPECT_EQ(createSchedule(ae.path, {{"se", se}}).rsc, 4108);
  // The <CSEBase> has at most one too; gone, it may have another.
  EXPECT_EQ(createSchedule(kCseBase, {{"se", se}}).rsc, 4000);
  std::string reach = std::string(kCseBase) + "/" + made.resource().value("rn", "");
  ASSERT_EQ(client_->remove(kAdmin, reach).rsc, 2002);
}

TEST_P(ConformanceScheduleTest, MalformedSchedulesAreRefusedAndNothingIsStored) {
  auto refused = [&](Json attributes, int rsc, const std::string& named,
                     const std::string& parent = kCseBase) {
    std::string rn = uniqueName("bad");
    attributes["rn"] = rn;
    BindingReply r = createSchedule(parent, attributes);
    EXPECT_EQ(r.rsc, rsc) << attributes.dump() << ": " << r;
    EXPECT_NE(r.dbg().find(named), std::string::npos) << r.dbg();
    EXPECT_EQ(http().retrieve(kAdmin, parent + "/" + rn).rsc, 4004);
  };
  refused(Json::object(), 4000, "se");  // mandatory
  refused({{"se", {{"sce", {"* * 24 * * * *"}}}}}, 4000, "hour");
  refused({{"se", {{"sce", {"* * * * *"}}}}}, 4000, "7 fields");
  refused({{"se", {{"sce", Json::array()}}}}, 4000, "se");
  refused({{"se", "* * * * * * *"}}, 4000, "se");
  refused({{"se", {{"sce", {"* * * * * * *"}}}}, {"nco", true}}, 4102, "nco");  // not a node
  refused({{"se", {{"sce", {"* * * * * * *"}}}}, {"nco", "yes"}}, 4000, "nco", createNode());
}

TEST_P(ConformanceScheduleTest, UpdateChecksEntriesAndNetworkCoordinated) {
  std::string cnt = createContainer(kAdmin, kCseBase);
  NotificationReceiver receiver;
  Json sub = {{"m2m:sub", {{"rn", "s"}, {"nu", {receiver.url("/s")}}}}};
  ASSERT_EQ(client_->create(kAdmin, cnt, 23, sub).rsc, 2001);
  BindingReply made = createSchedule(cnt + "/s", {{"se", {{"sce", {"* * * * * * *"}}}}});
  ASSERT_EQ(made.rsc, 2001) << made;
  std::string path = cnt + "/s/" + made.resource().value("rn", "");
  Json se = {{"sce", {"0 0 12 * * * *"}}};
  EXPECT_EQ(client_->update(kAdmin, path, {{"m2m:sch", {{"se", se}}}}).rsc, 2004);
  EXPECT_EQ(http().retrieve(kAdmin, path).resource()["se"], se);
  EXPECT_EQ(client_->update(kAdmin, path, {{"m2m:sch", {{"se", {{"sce", {"x"}}}}}}}).rsc, 4000);
  EXPECT_EQ(client_->update(kAdmin, path, {{"m2m:sch", {{"nco", false}}}}).rsc, 4102);
  EXPECT_EQ(http().retrieve(kAdmin, path).resource()["se"], se);
  std::string node = createNode();
  BindingReply under_node = createSchedule(node, {{"se", se}});
  ASSERT_EQ(under_node.rsc, 2001);
  std::string node_schedule = node + "/" + under_node.resource().value("rn", "");
  EXPECT_EQ(client_->update(kAdmin, node_schedule, {{"m2m:sch", {{"nco", true}}}}).rsc, 2004);
}

TEST_P(ConformanceScheduleTest, ASubscriptionNotifiesOnlyInsideItsSchedule) {
  std::string cnt = createContainer(kAdmin, kCseBase);
  NotificationReceiver receiver;
  ASSERT_NE(receiver.port(), 0);
  BindingReply sub = client_->create(
      kAdmin, cnt, 23,
      {{"m2m:sub", {{"rn", "s"}, {"nu", {receiver.url("/s")}}, {"enc", {{"net", {1}}}}}}});
  ASSERT_EQ(sub.rsc, 2001) << sub;
  // A schedule for another hour of the day: updates now are not notified.
  int hour = currentUtcHour();
  Json closed = {{"sce", {hourEntry((hour + 12) % 24)}}};
  BindingReply schedule =
      createSchedule(cnt + "/s", {{"rn", "notificationSchedule"}, {"se", closed}});
  ASSERT_EQ(schedule.rsc, 2001) << schedule;
  ASSERT_EQ(client_->update(kAdmin, cnt, {{"m2m:cnt", {{"lbl", {"quiet"}}}}}).rsc, 2004);
  // Its schedule now includes this hour (and the next, should the hour turn meanwhile).
  Json open = {{"sce", {hourEntry(hour), hourEntry((hour + 1) % 24)}}};
  ASSERT_EQ(client_->update(kAdmin, cnt + "/s/notificationSchedule", {{"m2m:sch", {{"se", open}}}})
                .rsc,
            2004);
  ASSERT_EQ(client_->update(kAdmin, cnt, {{"m2m:cnt", {{"lbl", {"heard"}}}}}).rsc, 2004);
  ASSERT_TRUE(receiver.waitForEvents("/s", 1, std::chrono::seconds(5)));
  std::vector<ReceivedRequest> events = receiver.eventsTo("/s");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].sgn()["nev"]["rep"]["m2m:cnt"]["lbl"], Json({"heard"}));
  // Without the schedule, every change is notified again.
  ASSERT_EQ(client_->remove(kAdmin, cnt + "/s/notificationSchedule").rsc, 2002);
  ASSERT_EQ(client_->update(kAdmin, cnt, {{"m2m:cnt", {{"lbl", {"again"}}}}}).rsc, 2004);
  ASSERT_TRUE(receiver.waitForEvents("/s", 2, std::chrono::seconds(5)));
}

// The schedules are read back from the store when the CSE starts.
TEST(ScheduleRestartTest, ANotificationScheduleHoldsAfterARestart) {
  TestCse cse(std::vector<std::string>{});
  ASSERT_TRUE(cse.running());
  HttpClient http(cse.port());
  ASSERT_EQ(http.create("CAdmin", "/cse-in", 3, {{"m2m:cnt", {{"rn", "c"}}}}).rsc, 2001);
  NotificationReceiver receiver;
  ASSERT_EQ(http.create("CAdmin", "/cse-in/c", 23,
                        {{"m2m:sub", {{"rn", "s"}, {"nu", {receiver.url("/s")}},
                                      {"enc", {{"net", {1}}}}}}})
                .rsc,
            2001);
  int hour = currentUtcHour();
  ASSERT_EQ(http.create("CAdmin", "/cse-in/c/s", 18,
                        {{"m2m:sch", {{"rn", "notificationSchedule"},
                                      {"se", {{"sce", {hourEntry((hour + 12) % 24)}}}}}}})
                .rsc,
            2001);
  cse.restart();
  ASSERT_TRUE(cse.running());
  HttpClient again(cse.port());
  ASSERT_EQ(again.update("CAdmin", "/cse-in/c", {{"m2m:cnt", {{"lbl", {"quiet"}}}}}).rsc, 2004);
  ASSERT_EQ(again.remove("CAdmin", "/cse-in/c/s/notificationSchedule").rsc, 2002);
  ASSERT_EQ(again.update("CAdmin", "/cse-in/c", {{"m2m:cnt", {{"lbl", {"heard"}}}}}).rsc, 2004);
  ASSERT_TRUE(receiver.waitForEvents("/s", 1, std::chrono::seconds(5)));
  std::vector<ReceivedRequest> events = receiver.eventsTo("/s");
  EXPECT_EQ(events[0].sgn()["nev"]["rep"]["m2m:cnt"]["lbl"], Json({"heard"}));
}

INSTANTIATE_TEST_SUITE_P(Bindings, ConformanceScheduleTest, ::testing::Values("http", "coap"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace citadel::testing
