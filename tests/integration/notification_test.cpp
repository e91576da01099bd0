// Subscriptions and notifications over real HTTP (TS-0001 §9.6.8, TS-0004 §7.4.8 / §7.5.1;
// spec digest primitives.md §7, resources.md "subscription"): every notificationEventType, nct,
// enc filters, verification, AE-ID targets, exc, sud, bn, ln, rl/pn, per-target order and the
// isolation of a live target from a dead one. Notifications go to a NotificationReceiver.
//
// "Nothing was sent" is never asserted by sleeping: delivery is FIFO per target URL, so a later
// event to the same URL that does arrive proves that an earlier one was not sent.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include "tests/support/cse_fixture.h"
#include "tests/support/notification_fixture.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

constexpr milliseconds kNotifyWait = 5s;  // bound on any expected notification
constexpr const char* kCseId = "/id-in";

class NotificationTest : public NotificationFixture {
 protected:
  static std::string sur(const std::string& sub_ri) { return std::string(kCseId) + "/" + sub_ri; }

  // Registers an AE with the given rr and poa (the fixture's registerAe gives rr=false, no poa).
  Ae registerAeWithPoa(bool rr, const Json& poa) {
    Ae ae;
    ae.name = uniqueName("ae");
    ae.id = "C" + ae.name;
    ae.path = std::string(kCseBase) + "/" + ae.name;
    HttpResult r = http().create(
        ae.id, kCseBase, 2,
        {{"m2m:ae",
          {{"rn", ae.name}, {"api", "N" + ae.name}, {"rr", rr}, {"poa", poa}, {"srv", {"3"}}}}});
    EXPECT_EQ(r.rsc, 2001) << r;
    return ae;
  }

  std::string cinRi(const HttpResult& created) { return created.resource().value("ri", ""); }

  // The con of the contentInstance carried by an event notification (nct 1).
  static std::string conOf(Json sgn) { return sgn["nev"]["rep"]["m2m:cin"].value("con", ""); }
};

// --- event types and content ------------------------------------------------------------------

TEST_F(NotificationTest, SendsChildCreatedToUrlTarget) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub =
      subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/n")}}, {"enc", {{"net", {3}}}}});
  ASSERT_FALSE(sub.empty());
  HttpResult cin = createCin(ae.id, cnt, "hello");
  ASSERT_EQ(cin.rsc, 2001) << cin;

  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kNotifyWait));
  ReceivedRequest n = receiver().eventsTo("/n").front();
  EXPECT_EQ(n.method, "POST");
  EXPECT_EQ(n.header("X-M2M-Origin"), kCseId);
  EXPECT_FALSE(n.header("X-M2M-RI").empty());
  EXPECT_EQ(n.header("Content-Type").find("ty="), std::string::npos)
      << "a NOTIFY carries no ty (TS-0009): " << n.header("Content-Type");
  Json sgn = n.sgn();
  ASSERT_TRUE(sgn.is_object()) << n.body;
  EXPECT_EQ(sgn.value("sur", ""), sur(sub));
  EXPECT_EQ(sgn["nev"].value("net", 0), 3);
  Json rep = sgn["nev"]["rep"];
  ASSERT_TRUE(rep.contains("m2m:cin")) << rep.dump();
  EXPECT_EQ(rep["m2m:cin"].value("con", ""), "hello");
  EXPECT_EQ(rep["m2m:cin"].value("ri", ""), cinRi(cin));
  EXPECT_EQ(rep["m2m:cin"].value("ty", 0), 4);
}

TEST_F(NotificationTest, SendsVerificationRequestWithCreatorBeforeCreating) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub = subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/v")}}});
  ASSERT_FALSE(sub.empty());
  // The verification is synchronous: it has arrived when the CREATE answered.
  std::vector<ReceivedRequest> got = receiver().requestsTo("/v");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].isVerification()) << got[0].body;
  EXPECT_EQ(got[0].sgn().value("sur", ""), sur(sub));
  EXPECT_EQ(got[0].sgn().value("cr", ""), ae.id);
  EXPECT_FALSE(got[0].sgn().contains("nev"));
  EXPECT_EQ(got[0].header("X-M2M-Origin"), kCseId);
}

TEST_F(NotificationTest, SendsUpdateOfResourceWithAllAttributes) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path, {{"mni", 7}});
  std::string sub = subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/n")}}, {"nct", 1}});
  ASSERT_FALSE(sub.empty());
  ASSERT_EQ(http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"changed"}}}}}).rsc, 2004);

  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kNotifyWait));
  Json sgn = receiver().eventsTo("/n").front().sgn();
  EXPECT_EQ(sgn["nev"].value("net", 0), 1);
  EXPECT_EQ(sgn.value("sur", ""), sur(sub));
  Json rep = sgn["nev"]["rep"];
  ASSERT_TRUE(rep.contains("m2m:cnt")) << rep.dump();
  EXPECT_EQ(rep["m2m:cnt"]["lbl"], Json({"changed"}));
  EXPECT_EQ(rep["m2m:cnt"].value("mni", 0), 7);  // unchanged attributes too
  EXPECT_FALSE(rep["m2m:cnt"].value("rn", "").empty());
}

TEST_F(NotificationTest, SendsOnlyModifiedAttributesWithNct2) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path, {{"mni", 7}});
  std::string sub = subscribeOk(
      ae.id, cnt, {{"nu", {receiver().url("/n")}}, {"nct", 2}, {"enc", {{"net", {1}}}}});
  ASSERT_FALSE(sub.empty());
  ASSERT_EQ(http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"changed"}}}}}).rsc, 2004);

  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kNotifyWait));
  Json sgn = receiver().eventsTo("/n").front().sgn();
  EXPECT_EQ(sgn["nev"].value("net", 0), 1);
  Json rep = sgn["nev"]["rep"];
  ASSERT_TRUE(rep.contains("m2m:cnt")) << rep.dump();
  EXPECT_EQ(rep["m2m:cnt"]["lbl"], Json({"changed"}));
  EXPECT_FALSE(rep["m2m:cnt"].contains("mni")) << rep.dump();
  EXPECT_FALSE(rep["m2m:cnt"].contains("rn")) << rep.dump();
}

TEST_F(NotificationTest, SendsResourceIdWithNct3) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub = subscribeOk(
      ae.id, cnt, {{"nu", {receiver().url("/n")}}, {"nct", 3}, {"enc", {{"net", {3}}}}});
  ASSERT_FALSE(sub.empty());
  HttpResult cin = createCin(ae.id, cnt, "x");
  ASSERT_EQ(cin.rsc, 2001);

  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kNotifyWait));
  Json sgn = receiver().eventsTo("/n").front().sgn();
  EXPECT_EQ(sgn["nev"].value("net", 0), 3);
  EXPECT_EQ(sgn["nev"]["rep"], Json({{"m2m:uri", cinRi(cin)}}));
}

TEST_F(NotificationTest, SendsChildDeletedToUrlTarget) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub =
      subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/n")}}, {"enc", {{"net", {4}}}}});
  ASSERT_FALSE(sub.empty());
  HttpResult cin = createCin(ae.id, cnt, "doomed", {{"rn", "doomed"}});
  ASSERT_EQ(cin.rsc, 2001);
  ASSERT_EQ(http().remove(ae.id, cnt + "/doomed").rsc, 2002);

  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kNotifyWait));
  // The creation (net 3, not selected) sent nothing before the deletion.
  std::vector<ReceivedRequest> events = receiver().eventsTo("/n");
  ASSERT_EQ(events.size(), 1u);
  Json sgn = events[0].sgn();
  EXPECT_EQ(sgn["nev"].value("net", 0), 4);
  EXPECT_EQ(sgn.value("sur", ""), sur(sub));
  ASSERT_TRUE(sgn["nev"]["rep"].contains("m2m:cin")) << sgn.dump();
  EXPECT_EQ(sgn["nev"]["rep"]["m2m:cin"].value("ri", ""), cinRi(cin));
}

TEST_F(NotificationTest, SendsDeleteOfSubscribedResourceAndSubscriptionDeletion) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string cnt_ri = http().retrieve(ae.id, cnt).resource().value("ri", "");
  std::string sub = subscribeOk(
      ae.id, cnt,
      {{"nu", {receiver().url("/n")}}, {"su", receiver().url("/su")}, {"enc", {{"net", {2}}}}});
  ASSERT_FALSE(sub.empty());
  ASSERT_EQ(http().remove(ae.id, cnt).rsc, 2002);

  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kNotifyWait));
  Json sgn = receiver().eventsTo("/n").front().sgn();
  EXPECT_EQ(sgn["nev"].value("net", 0), 2);
  EXPECT_EQ(sgn.value("sur", ""), sur(sub));
  ASSERT_TRUE(sgn["nev"]["rep"].contains("m2m:cnt")) << sgn.dump();
  EXPECT_EQ(sgn["nev"]["rep"]["m2m:cnt"].value("ri", ""), cnt_ri);
  // The subscription went with its parent: its subscriber hears so (TS-0004 §7.5.1.2.4), after
  // the verification of su at CREATE.
  ASSERT_TRUE(receiver().waitForRequests("/su", 2, kNotifyWait));
  ReceivedRequest sud = receiver().requestsTo("/su").back();
  EXPECT_TRUE(sud.isDeletion()) << sud.body;
  EXPECT_EQ(sud.sgn().value("sur", ""), sur(sub));
}

TEST_F(NotificationTest, SendsSubscriptionDeletionToSubscriberOnDelete) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string rn = uniqueName("sub");
  std::string sub = subscribeOk(
      ae.id, cnt, {{"rn", rn}, {"nu", {receiver().url("/n")}}, {"su", receiver().url("/su")}});
  ASSERT_FALSE(sub.empty());
  // su is another target than the subscriber's own ID: verified like nu (issue 15 #7).
  ASSERT_EQ(receiver().requestsTo("/su").size(), 1u);
  EXPECT_TRUE(receiver().requestsTo("/su").front().isVerification());
  ASSERT_EQ(http().remove(ae.id, cnt + "/" + rn).rsc, 2002);

  ASSERT_TRUE(receiver().waitForRequests("/su", 2, kNotifyWait));
  ReceivedRequest sud = receiver().requestsTo("/su").back();
  EXPECT_TRUE(sud.isDeletion()) << sud.body;
  EXPECT_EQ(sud.sgn().value("sur", ""), sur(sub));
  EXPECT_FALSE(sud.sgn().contains("nev"));
  EXPECT_EQ(sud.header("X-M2M-Origin"), kCseId);
}

// --- eventNotificationCriteria ----------------------------------------------------------------

TEST_F(NotificationTest, NotifiesOnlyUpdatesWithoutEnc) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/n")}}}).empty());
  ASSERT_EQ(createCin(ae.id, cnt, "not an update").rsc, 2001);
  ASSERT_EQ(http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"u"}}}}}).rsc, 2004);

  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kNotifyWait));
  std::vector<ReceivedRequest> events = receiver().eventsTo("/n");
  ASSERT_EQ(events.size(), 1u) << "the child creation must not be notified";
  EXPECT_EQ(events[0].sgn()["nev"].value("net", 0), 1);
}

TEST_F(NotificationTest, FiltersChildEventsByChty) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(subscribeOk(ae.id, cnt,
                           {{"nu", {receiver().url("/n")}}, {"enc", {{"net", {3}}, {"chty", {3}}}}})
                   .empty());
  ASSERT_EQ(createCin(ae.id, cnt, "a cin, ty 4").rsc, 2001);
  std::string child = createContainer(ae.id, cnt);
  ASSERT_FALSE(child.empty());

  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kNotifyWait));
  std::vector<ReceivedRequest> events = receiver().eventsTo("/n");
  ASSERT_EQ(events.size(), 1u) << "the contentInstance (ty 4) is not in chty";
  EXPECT_TRUE(events[0].sgn()["nev"]["rep"].contains("m2m:cnt")) << events[0].body;
}

TEST_F(NotificationTest, FiltersUpdatesByAtr) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(
      subscribeOk(ae.id, cnt,
                  {{"nu", {receiver().url("/n")}}, {"enc", {{"net", {1}}, {"atr", {"lbl"}}}}})
          .empty());
  ASSERT_EQ(http().update(ae.id, cnt, {{"m2m:cnt", {{"mni", 9}}}}).rsc, 2004);
  ASSERT_EQ(http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"watched"}}}}}).rsc, 2004);

  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kNotifyWait));
  std::vector<ReceivedRequest> events = receiver().eventsTo("/n");
  ASSERT_EQ(events.size(), 1u) << "an update of mni is not an update of lbl";
  EXPECT_EQ(events[0].sgn()["nev"]["rep"]["m2m:cnt"]["lbl"], Json({"watched"}));
}

TEST_F(NotificationTest, FiltersByConditionTag) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  // sizeAbove: only instances whose contentSize is at least 5.
  ASSERT_FALSE(
      subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/n")}}, {"enc", {{"net", {3}}, {"sza", 5}}}})
          .empty());
  ASSERT_EQ(createCin(ae.id, cnt, "abc").rsc, 2001);
  ASSERT_EQ(createCin(ae.id, cnt, "abcdefgh").rsc, 2001);

  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kNotifyWait));
  std::vector<ReceivedRequest> events = receiver().eventsTo("/n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(conOf(events[0].sgn()), "abcdefgh");
}

// --- verification -----------------------------------------------------------------------------

TEST_F(NotificationTest, RefusesSubscriptionWhenTargetFailsVerification) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  receiver().setRsc("/refuse", 4101);
  std::string rn = uniqueName("sub");
  HttpResult r = subscribe(ae.id, cnt, {{"rn", rn}, {"nu", {receiver().url("/refuse")}}});
  EXPECT_EQ(r.rsc, 5204) << r;
  EXPECT_EQ(r.http_status, 500) << r;
  EXPECT_EQ(receiver().requestsTo("/refuse").size(), 1u);
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/" + rn).rsc, 4004) << "no subscription was created";
  // Nothing is notified for it either.
  ASSERT_EQ(http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"x"}}}}}).rsc, 2004);
  ASSERT_FALSE(subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/refuse2")}}}).empty());
  ASSERT_EQ(http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"y"}}}}}).rsc, 2004);
  ASSERT_TRUE(receiver().waitForEvents("/refuse2", 1, kNotifyWait));
  EXPECT_TRUE(receiver().eventsTo("/refuse").empty());
}

TEST_F(NotificationTest, RefusesSubscriptionToUnreachableUrl) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string rn = uniqueName("sub");
  std::string dead = "http://127.0.0.1:" + std::to_string(closedPort()) + "/n";
  HttpResult r = subscribe(ae.id, cnt, {{"rn", rn}, {"nu", {dead}}});
  EXPECT_EQ(r.rsc, 5204) << r;
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/" + rn).rsc, 4004);
}

TEST_F(NotificationTest, SkipsVerificationOnlyForTheOriginatorsOwnId) {
  // A poa is self-declared: a URL in it may point anywhere, so it is verified like any other
  // URL (issue 15 #7). The subscriber's AE-ID names the subscriber: not verified.
  Ae ae = registerAeWithPoa(true, {receiver().url("/own")});
  std::string cnt = createContainer(ae.id, ae.path);
  std::string by_url =
      subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/own")}}, {"enc", {{"net", {3}}}}});
  ASSERT_FALSE(by_url.empty());
  ASSERT_EQ(receiver().requestsTo("/own").size(), 1u);
  EXPECT_TRUE(receiver().requestsTo("/own").front().isVerification());
  std::string by_id = subscribeOk(ae.id, cnt, {{"nu", {ae.id}}, {"enc", {{"net", {3}}}}});
  ASSERT_FALSE(by_id.empty());
  EXPECT_EQ(receiver().requestsTo("/own").size(), 1u) << "the originator's AE-ID is not verified";
  ASSERT_EQ(createCin(ae.id, cnt, "x").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/own", 2, kNotifyWait));
  EXPECT_EQ(receiver().eventsTo("/own").size(), 2u);
}

TEST_F(NotificationTest, RefusesSubscriptionUnderContentInstance) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_EQ(createCin(ae.id, cnt, "x", {{"rn", "i"}}).rsc, 2001);
  HttpResult r = subscribe(ae.id, cnt + "/i", {{"nu", {receiver().url("/n")}}});
  EXPECT_EQ(r.rsc, 5203) << r;
  EXPECT_TRUE(receiver().requests().empty()) << "no verification for a refused target";
}

TEST_F(NotificationTest, RefusesSubscriberWithoutRetrievePrivilege) {
  Ae owner = registerAe("owner");
  Ae other = registerAe("other");
  std::string cnt = createContainer(owner.id, owner.path);
  std::string rn = uniqueName("sub");
  HttpResult r = subscribe(other.id, cnt, {{"rn", rn}, {"nu", {receiver().url("/n")}}});
  EXPECT_EQ(r.rsc, 4103) << r;
  EXPECT_TRUE(receiver().requests().empty());
  EXPECT_EQ(http().retrieve(owner.id, cnt + "/" + rn).rsc, 4004);
}

// --- AE-ID targets ----------------------------------------------------------------------------

TEST_F(NotificationTest, DeliversToPoaOfAeIdTarget) {
  Ae subscriber = registerAe();
  Ae target = registerAeWithPoa(true, {receiver().url("/ae")});
  std::string cnt = createContainer(subscriber.id, subscriber.path);
  std::string sub = subscribeOk(subscriber.id, cnt, {{"nu", {target.id}}, {"enc", {{"net", {3}}}}});
  ASSERT_FALSE(sub.empty());
  // The target AE is not the subscriber: it was asked first, at its poa.
  std::vector<ReceivedRequest> got = receiver().requestsTo("/ae");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].isVerification());
  EXPECT_EQ(got[0].sgn().value("cr", ""), subscriber.id);

  ASSERT_EQ(createCin(subscriber.id, cnt, "for the ae").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/ae", 1, kNotifyWait));
  ReceivedRequest n = receiver().eventsTo("/ae").front();
  EXPECT_EQ(n.sgn().value("sur", ""), sur(sub));
  EXPECT_EQ(conOf(n.sgn()), "for the ae");
}

TEST_F(NotificationTest, SendsNothingToAeThatIsNotRequestReachable) {
  Ae subscriber = registerAe();
  Ae target = registerAeWithPoa(true, {receiver().url("/ae")});
  std::string cnt = createContainer(subscriber.id, subscriber.path);
  std::string quiet =
      subscribeOk(subscriber.id, cnt, {{"nu", {target.id}}, {"enc", {{"net", {3}}}}});
  ASSERT_FALSE(quiet.empty());
  ASSERT_EQ(http().update(target.id, target.path, {{"m2m:ae", {{"rr", false}}}}).rsc, 2004);
  // A sentinel: the same URL, written to directly, after the event that must be skipped.
  std::string cnt2 = createContainer(subscriber.id, subscriber.path);
  std::string sentinel =
      subscribeOk(subscriber.id, cnt2, {{"nu", {receiver().url("/ae")}}, {"enc", {{"net", {3}}}}});
  ASSERT_FALSE(sentinel.empty());

  ASSERT_EQ(createCin(subscriber.id, cnt, "skipped").rsc, 2001);
  ASSERT_EQ(createCin(subscriber.id, cnt2, "sentinel").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/ae", 1, kNotifyWait));
  std::vector<ReceivedRequest> events = receiver().eventsTo("/ae");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].sgn().value("sur", ""), sur(sentinel));
}

// --- expirationCounter ------------------------------------------------------------------------

TEST_F(NotificationTest, DeletesSubscriptionWhenExpirationCounterRunsOut) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string rn = uniqueName("sub");
  std::string sub = subscribeOk(ae.id, cnt,
                                {{"rn", rn},
                                 {"nu", {receiver().url("/n")}},
                                 {"su", receiver().url("/su")},
                                 {"exc", 2},
                                 {"enc", {{"net", {3}}}}});
  ASSERT_FALSE(sub.empty());
  ASSERT_EQ(createCin(ae.id, cnt, "one").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kNotifyWait));
  // The counter is stored around the delivery, not necessarily before it arrives: poll.
  HttpResult halfway = http().retrieve(ae.id, cnt + "/" + rn);
  for (auto deadline = std::chrono::steady_clock::now() + kNotifyWait;
       halfway.rsc == 2000 && halfway.resource().value("exc", -1) != 1 &&
       std::chrono::steady_clock::now() < deadline;) {
    std::this_thread::sleep_for(20ms);
    halfway = http().retrieve(ae.id, cnt + "/" + rn);
  }
  ASSERT_EQ(halfway.rsc, 2000) << "deleted after one of two notifications";
  EXPECT_EQ(halfway.resource().value("exc", -1), 1) << "exc counts down";

  ASSERT_EQ(createCin(ae.id, cnt, "two").rsc, 2001);
  // The first request to su was its verification at CREATE.
  ASSERT_TRUE(receiver().waitForRequests("/su", 2, kNotifyWait)) << "no sud after the last event";
  ReceivedRequest sud = receiver().requestsTo("/su").back();
  EXPECT_TRUE(sud.isDeletion());
  EXPECT_EQ(sud.sgn().value("sur", ""), sur(sub));
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/" + rn).rsc, 4004);

  // A third event is not notified: a sentinel subscription to the same URL proves it.
  std::string sentinel =
      subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/n")}}, {"enc", {{"net", {3}}}}});
  ASSERT_FALSE(sentinel.empty());
  ASSERT_EQ(createCin(ae.id, cnt, "three").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/n", 3, kNotifyWait));
  std::vector<ReceivedRequest> events = receiver().eventsTo("/n");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(conOf(events[0].sgn()), "one");
  EXPECT_EQ(conOf(events[1].sgn()), "two");
  EXPECT_EQ(events[2].sgn().value("sur", ""), sur(sentinel));
}

// --- batchNotify, latestNotify, rateLimit -----------------------------------------------------

TEST_F(NotificationTest, BatchesByNumber) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub = subscribeOk(ae.id, cnt,
                                {{"nu", {receiver().url("/n")}},
                                 {"enc", {{"net", {3}}}},
                                 {"bn", {{"num", 3}, {"dur", "PT60S"}}}});
  ASSERT_FALSE(sub.empty());
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(createCin(ae.id, cnt, "c" + std::to_string(i)).rsc, 2001);
  }
  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kNotifyWait)) << "the third event completes the batch";
  std::vector<ReceivedRequest> events = receiver().eventsTo("/n");
  ASSERT_EQ(events.size(), 1u);
  Json agn = events[0].json["m2m:agn"];
  ASSERT_TRUE(agn.contains("m2m:sgn")) << events[0].body;
  Json list = agn["m2m:sgn"];
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(list[i].value("sur", ""), sur(sub));
    EXPECT_EQ(list[i]["nev"].value("net", 0), 3);
    EXPECT_EQ(conOf(list[i]), "c" + std::to_string(i));
  }
}

TEST_F(NotificationTest, BatchesByDuration) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub = subscribeOk(ae.id, cnt,
                                {{"nu", {receiver().url("/n")}},
                                 {"enc", {{"net", {3}}}},
                                 {"bn", {{"num", 100}, {"dur", "PT1S"}}}});
  ASSERT_FALSE(sub.empty());
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(createCin(ae.id, cnt, "c0").rsc, 2001);
  ASSERT_EQ(createCin(ae.id, cnt, "c1").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/n", 1, 4s)) << "dur=1 s elapsed without a batch";
  std::vector<ReceivedRequest> events = receiver().eventsTo("/n");
  ASSERT_EQ(events.size(), 1u);
  auto held = std::chrono::duration_cast<milliseconds>(events[0].arrival - start);
  EXPECT_GE(held.count(), 800) << "the batch left before its duration";
  Json list = events[0].json["m2m:agn"]["m2m:sgn"];
  ASSERT_EQ(list.size(), 2u) << events[0].body;
  EXPECT_EQ(conOf(list[0]), "c0");
  EXPECT_EQ(conOf(list[1]), "c1");
}

TEST_F(NotificationTest, SendsOnlyLatestOfBatchWithLatestNotify) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub = subscribeOk(ae.id, cnt,
                                {{"nu", {receiver().url("/n")}},
                                 {"enc", {{"net", {3}}}},
                                 {"ln", true},
                                 {"bn", {{"num", 3}, {"dur", "PT60S"}}}});
  ASSERT_FALSE(sub.empty());
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(createCin(ae.id, cnt, "c" + std::to_string(i)).rsc, 2001);
  }
  // Three events make the batch (num=3); latestNotify keeps only the newest of it.
  ASSERT_TRUE(receiver().waitForEvents("/n", 1, 3s))
      << "no notification after num=3 events with ln=true";
  std::vector<ReceivedRequest> events = receiver().eventsTo("/n");
  ASSERT_EQ(events.size(), 1u);
  Json list = events[0].json["m2m:agn"]["m2m:sgn"];
  ASSERT_EQ(list.size(), 1u) << events[0].body;
  EXPECT_EQ(conOf(list[0]), "c2");
  // TS-0004 §7.5.1.2.2: latestNotify sends with Event Category "latest" (4).
  EXPECT_EQ(events[0].header("X-M2M-EC"), "4");
}

TEST_F(NotificationTest, RateLimitSendsLatestPendingInNextWindow) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(subscribeOk(ae.id, cnt,
                           {{"nu", {receiver().url("/n")}},
                            {"enc", {{"net", {3}}}},
                            {"rl", {{"mnn", 1}, {"tww", 1}}},
                            {"pn", 1}})
                   .empty());
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(createCin(ae.id, cnt, "c" + std::to_string(i)).rsc, 2001);
  }
  ASSERT_TRUE(receiver().waitForEvents("/n", 2, 4s));
  std::vector<ReceivedRequest> events = receiver().eventsTo("/n");
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(conOf(events[0].sgn()), "c0");
  EXPECT_EQ(conOf(events[1].sgn()), "c2") << "sendLatest keeps only the newest pending one";
  auto gap = std::chrono::duration_cast<milliseconds>(events[1].arrival - events[0].arrival);
  EXPECT_GE(gap.count(), 700) << "the second one did not wait for the next window";
}

TEST_F(NotificationTest, RateLimitSendsAllPendingInLaterWindows) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(subscribeOk(ae.id, cnt,
                           {{"nu", {receiver().url("/n")}},
                            {"enc", {{"net", {3}}}},
                            {"rl", {{"mnn", 2}, {"tww", 1}}},
                            {"pn", 2}})
                   .empty());
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(createCin(ae.id, cnt, "c" + std::to_string(i)).rsc, 2001);
  }
  ASSERT_TRUE(receiver().waitForEvents("/n", 4, 4s));
  std::vector<ReceivedRequest> events = receiver().eventsTo("/n");
  ASSERT_EQ(events.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(conOf(events[i].sgn()), "c" + std::to_string(i));
  }
  auto gap = std::chrono::duration_cast<milliseconds>(events[2].arrival - events[0].arrival);
  EXPECT_GE(gap.count(), 700) << "mnn=2: the third one belongs to the next window";
}

// --- delivery ---------------------------------------------------------------------------------

TEST_F(NotificationTest, DeliversNotificationsOfOneTargetInOrder) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(
      subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/n")}}, {"enc", {{"net", {3}}}}}).empty());
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(createCin(ae.id, cnt, "c" + std::to_string(i)).rsc, 2001);
  }
  ASSERT_TRUE(receiver().waitForEvents("/n", 10, kNotifyWait));
  std::vector<ReceivedRequest> events = receiver().eventsTo("/n");
  ASSERT_EQ(events.size(), 10u);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(conOf(events[i].sgn()), "c" + std::to_string(i)) << "position " << i;
  }
}

TEST_F(NotificationTest, DeliversToLiveTargetWhileAnotherTargetStalls) {
  Ae ae = registerAe();
  std::string dead_cnt = createContainer(ae.id, ae.path);
  std::string live_cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(
      subscribeOk(ae.id, dead_cnt, {{"nu", {receiver().url("/dead")}}, {"enc", {{"net", {3}}}}})
          .empty());
  ASSERT_FALSE(
      subscribeOk(ae.id, live_cnt, {{"nu", {receiver().url("/live")}}, {"enc", {{"net", {3}}}}})
          .empty());
  receiver().stall("/dead");  // verified, then dead: it accepts and never answers
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(createCin(ae.id, dead_cnt, "d" + std::to_string(i)).rsc, 2001);
  }
  ASSERT_TRUE(receiver().waitForEvents("/dead", 1, kNotifyWait)) << "the stalled target got nothing";

  // notification.timeout is 2000 ms: the live target must not wait for the dead one.
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(createCin(ae.id, live_cnt, "live").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/live", 1, kNotifyWait));
  auto took = std::chrono::duration_cast<milliseconds>(
      receiver().eventsTo("/live").front().arrival - start);
  EXPECT_LT(took.count(), 1500) << "the live target waited behind the stalled one";
  // Once the dead target answers again it gets the rest, in order.
  receiver().release("/dead");
  ASSERT_TRUE(receiver().waitForEvents("/dead", 3, kNotifyWait));
  std::vector<ReceivedRequest> dead = receiver().eventsTo("/dead");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(conOf(dead[i].sgn()), "d" + std::to_string(i));
  }
}

TEST_F(NotificationTest, DeliversToLiveTargetWhileAnotherRefusesConnections) {
  std::string dead = "http://127.0.0.1:" + std::to_string(closedPort()) + "/n";
  // The dead URL is the subscriber's poa and nu names the subscriber by its AE-ID, so it is not
  // verified and the CREATE succeeds.
  Ae ae = registerAeWithPoa(false, {dead});
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(subscribeOk(ae.id, cnt, {{"nu", {ae.id}}, {"enc", {{"net", {3}}}}}).empty());
  ASSERT_FALSE(subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/live")}}, {"enc", {{"net", {3}}}}})
                   .empty());
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(createCin(ae.id, cnt, "c" + std::to_string(i)).rsc, 2001);
  }
  ASSERT_TRUE(receiver().waitForEvents("/live", 3, kNotifyWait));
  std::vector<ReceivedRequest> events = receiver().eventsTo("/live");
  auto took = std::chrono::duration_cast<milliseconds>(events.back().arrival - start);
  EXPECT_LT(took.count(), 1500);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(conOf(events[i].sgn()), "c" + std::to_string(i));
  }
}

TEST_F(NotificationTest, SerializesNotificationAsCborWhenUrlAsksForIt) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(
      subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/c?ct=cbor")}}, {"enc", {{"net", {3}}}}})
          .empty());
  ASSERT_EQ(createCin(ae.id, cnt, "binary wire").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/c", 1, kNotifyWait));
  ReceivedRequest n = receiver().eventsTo("/c").front();
  EXPECT_NE(n.header("Content-Type").find("cbor"), std::string::npos) << n.header("Content-Type");
  EXPECT_TRUE(n.query.find("ct=") == std::string::npos) << "the hint is not sent on: " << n.query;
  EXPECT_EQ(conOf(n.sgn()), "binary wire");
}

}  // namespace
}  // namespace citadel::testing
