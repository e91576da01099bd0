// Issue 24 #11 and #12: what the notifications of a <subscription> carry, how they are
// serialized, when they are sent, and the R4 notification statistics (nse/nsi), through HTTP to
// the real binary with a NotificationReceiver as the target. Expectations from TS-0001
// §10.2.10.4/.7, TS-0004 §7.4.8.2.4, §7.5.1.1, §7.5.1.2.4 and m2m:setOfNotificationStatsInfo.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/cse_fixture.h"
#include "tests/support/notification_fixture.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

constexpr milliseconds kWait = 5s;  // bound on any expected notification

class ConformanceSubscriptionTest : public NotificationFixture {
 protected:
  // The stored <subscription> `ri` (its attributes).
  Json stored(const std::string& originator, const std::string& ri) {
    HttpResult r = http().retrieve(originator, "/" + ri);
    EXPECT_EQ(r.rsc, 2000) << r;
    return r.resource();
  }
  // Waits until the stored subscription `ri` has an nsi satisfying `done`; returns the last one.
  Json waitForNsi(const std::string& originator, const std::string& ri,
                  const std::function<bool(const Json&)>& done) {
    Json nsi;
    waitUntil(
        [&] {
          nsi = stored(originator, ri).value("nsi", Json());
          return done(nsi);
        },
        kWait);
    return nsi;
  }
  // The nsi entry for target `tg` (null when none).
  static Json entryFor(const Json& nsi, const std::string& tg) {
    for (const auto& entry : nsi.is_array() ? nsi : Json::array()) {
      if (entry.value("tg", "") == tg) {
        return entry;
      }
    }
    return Json();
  }
};

// --- #11 notifications ---------------------------------------------------------------------------

// TS-0001 §10.2.10.7: "the <subscription> Hosting CSE shall include in the notification the
// creator if the <subscription> resource has creator attribute".
TEST_F(ConformanceSubscriptionTest, EventNotificationCarriesTheCreator) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub =
      subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/n")}}, {"enc", {{"net", {3}}}}});
  ASSERT_EQ(stored(ae.id, sub).value("cr", ""), ae.id);
  ASSERT_EQ(createCin(ae.id, cnt, "v").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/n", 1, kWait));
  EXPECT_EQ(receiver().eventsTo("/n").front().sgn().value("cr", ""), ae.id);
}

TEST_F(ConformanceSubscriptionTest, DeletionNoticeCarriesTheCreator) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub =
      subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/n")}}, {"su", receiver().url("/su")}});
  ASSERT_EQ(http().remove(ae.id, "/" + sub).rsc, 2002);
  ASSERT_TRUE(receiver().waitFor(
      [](const std::vector<ReceivedRequest>& all) {
        for (const auto& r : all) {
          if (r.path == "/su" && r.isDeletion()) return true;
        }
        return false;
      },
      kWait));
  for (const auto& r : receiver().requestsTo("/su")) {
    if (r.isDeletion()) {
      EXPECT_EQ(r.sgn().value("cr", ""), ae.id) << r.body;
    }
  }
}

// "Deletion notifications (sud) are sent before the DELETE's response returns": the receiver
// records a request on arrival, so the notice is there when the DELETE has answered.
TEST_F(ConformanceSubscriptionTest, DeletionNoticeArrivesBeforeTheDeleteAnswers) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub =
      subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/n")}}, {"su", receiver().url("/su")}});
  ASSERT_EQ(http().remove(ae.id, "/" + sub).rsc, 2002);
  bool seen = false;
  for (const auto& r : receiver().requestsTo("/su")) {
    seen = seen || r.isDeletion();
  }
  EXPECT_TRUE(seen) << "no sud at /su when the DELETE answered";
}

TEST_F(ConformanceSubscriptionTest,
       DeletionNoticeWithTheSubscribedResourceArrivesBeforeTheDeleteAnswers) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/n")}}, {"su", receiver().url("/su")}});
  ASSERT_EQ(http().remove(ae.id, cnt).rsc, 2002);
  bool seen = false;
  for (const auto& r : receiver().requestsTo("/su")) {
    seen = seen || r.isDeletion();
  }
  EXPECT_TRUE(seen) << "no sud at /su when the DELETE of the container answered";
}

// TS-0004 §7.5.1.1: "When an Originator sends a Notify primitive to an AE Receiver, it shall use
// one of the serializations specified in that <AE>'s contentSerialization attribute."
TEST_F(ConformanceSubscriptionTest, NotifyToAnAeUsesItsCszCbor) {
  Ae ae = registerReachableAe("/cbor", {{"csz", {"application/cbor", "application/json"}}});
  std::string cnt = createContainer(ae.id, ae.path);
  subscribeOk(ae.id, cnt, {{"nu", {ae.id}}, {"enc", {{"net", {3}}}}});
  ASSERT_EQ(createCin(ae.id, cnt, "in-cbor").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/cbor", 1, kWait));
  ReceivedRequest n = receiver().eventsTo("/cbor").front();
  EXPECT_NE(n.header("Content-Type").find("cbor"), std::string::npos) << n.header("Content-Type");
  EXPECT_EQ(n.sgn()["nev"]["rep"]["m2m:cin"].value("con", ""), "in-cbor");
}

TEST_F(ConformanceSubscriptionTest, NotifyToAnAeUsesItsCszJson) {
  Ae ae = registerReachableAe("/json", {{"csz", {"application/json", "application/cbor"}}});
  std::string cnt = createContainer(ae.id, ae.path);
  subscribeOk(ae.id, cnt, {{"nu", {ae.id}}, {"enc", {{"net", {3}}}}});
  ASSERT_EQ(createCin(ae.id, cnt, "in-json").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/json", 1, kWait));
  ReceivedRequest n = receiver().eventsTo("/json").front();
  EXPECT_NE(n.header("Content-Type").find("json"), std::string::npos) << n.header("Content-Type");
  EXPECT_EQ(Json::parse(n.body)["m2m:sgn"]["nev"]["rep"]["m2m:cin"].value("con", ""), "in-json");
}

TEST_F(ConformanceSubscriptionTest, NotifyToAnAeSkipsASerializationThisCseDoesNotWrite) {
  // No XML codec: the first of the AE's serializations that this CSE writes.
  Ae ae = registerReachableAe("/skip", {{"csz", {"xml", "cbor"}}});
  std::string cnt = createContainer(ae.id, ae.path);
  subscribeOk(ae.id, cnt, {{"nu", {ae.id}}, {"enc", {{"net", {3}}}}});
  ASSERT_EQ(createCin(ae.id, cnt, "v").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/skip", 1, kWait));
  EXPECT_NE(receiver().eventsTo("/skip").front().header("Content-Type").find("cbor"),
            std::string::npos);
}

// TS-0001 Table 10.2.10.4-1: "If the notificationURI attribute contains Notification Target(s)
// that is/are not the Originator, see applicable processing in table 10.2.10.2-1" (verification).
TEST_F(ConformanceSubscriptionTest, UpdateOfNuToAnotherTargetIsVerified) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub = subscribeOk(ae.id, cnt, {{"nu", {ae.id}}});
  std::string path = "/" + sub;
  HttpResult updated = http().update(ae.id, path, {{"m2m:sub", {{"nu", {receiver().url("/v")}}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  std::vector<ReceivedRequest> got = receiver().requestsTo("/v");
  ASSERT_EQ(got.size(), 1u);
  ASSERT_TRUE(got.front().isVerification()) << got.front().body;
  EXPECT_EQ(got.front().sgn().value("cr", ""), ae.id);
  EXPECT_EQ(stored(ae.id, sub)["nu"], Json::array({receiver().url("/v")}));
}

TEST_F(ConformanceSubscriptionTest, UpdateOfNuToATargetThatRefusesIsNotStored) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub = subscribeOk(ae.id, cnt, {{"nu", {ae.id}}});
  receiver().setRsc("/refuse", 4101);
  HttpResult updated =
      http().update(ae.id, "/" + sub, {{"m2m:sub", {{"nu", {receiver().url("/refuse")}}}}});
  EXPECT_EQ(updated.rsc, 5204) << updated;
  EXPECT_EQ(receiver().requestsTo("/refuse").size(), 1u);
  EXPECT_EQ(stored(ae.id, sub)["nu"], Json::array({ae.id}));
}

// TS-0004 §7.4.8.2.4 Recv-6.5: "The Hosting CSE shall remove all cached pending Notify request
// primitives for the subscription" (the issue said they are sent; the clause removes them).
// The events of a later subscription to the same target follow on the same ordered lane: when
// one has arrived, a flushed batch would have arrived before it.
TEST_F(ConformanceSubscriptionTest, PendingBatchIsRemovedWithTheSubscription) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string batched = subscribeOk(ae.id, cnt,
                                    {{"nu", {receiver().url("/b")}},
                                     {"enc", {{"net", {3}}}},
                                     {"bn", {{"num", 5}, {"dur", "PT1H"}}}});
  ASSERT_EQ(createCin(ae.id, cnt, "one").rsc, 2001);
  ASSERT_EQ(createCin(ae.id, cnt, "two").rsc, 2001);
  ASSERT_EQ(http().remove(ae.id, "/" + batched).rsc, 2002);
  std::string later =
      subscribeOk(ae.id, cnt, {{"nu", {receiver().url("/b")}}, {"enc", {{"net", {3}}}}});
  ASSERT_EQ(createCin(ae.id, cnt, "three").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/b", 1, kWait));
  std::vector<ReceivedRequest> events = receiver().eventsTo("/b");
  ASSERT_EQ(events.size(), 1u) << events.front().body;
  EXPECT_EQ(events.front().sgn().value("sur", ""), "/id-in/" + later);
}

// --- #12 notificationStatsEnable / notificationStatsInfo (R4) ----------------------------------

TEST_F(ConformanceSubscriptionTest, NsiIsAbsentUntilTheFirstCountedNotification) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string url = receiver().url("/s");
  std::string sub =
      subscribeOk(ae.id, cnt, {{"nu", {url}}, {"enc", {{"net", {3}}}}, {"nse", true}});
  EXPECT_FALSE(stored(ae.id, sub).contains("nsi")) << stored(ae.id, sub);
  ASSERT_EQ(createCin(ae.id, cnt, "v").rsc, 2001);
  Json nsi = waitForNsi(ae.id, sub, [&](const Json& n) { return !entryFor(n, url).is_null(); });
  ASSERT_EQ(nsi.size(), 1u) << nsi;
  EXPECT_EQ(nsi[0], Json({{"tg", url}, {"rqs", 1}, {"rsr", 1}, {"noec", 1}}));
}

TEST_F(ConformanceSubscriptionTest, NsiIsNotCollectedWithoutNse) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub = subscribeOk(
      ae.id, cnt, {{"nu", {receiver().url("/off")}}, {"enc", {{"net", {3}}}}, {"nse", false}});
  ASSERT_EQ(createCin(ae.id, cnt, "v").rsc, 2001);
  ASSERT_TRUE(receiver().waitForEvents("/off", 1, kWait));
  // A second subscription with nse on the same target and event: once it has counted, the first
  // one's delivery (same lane, earlier) has been recorded too, had it counted.
  std::string probe = subscribeOk(
      ae.id, cnt, {{"nu", {receiver().url("/off")}}, {"enc", {{"net", {3}}}}, {"nse", true}});
  ASSERT_EQ(createCin(ae.id, cnt, "w").rsc, 2001);
  waitForNsi(ae.id, probe, [](const Json& n) { return n.is_array() && !n.empty(); });
  EXPECT_FALSE(stored(ae.id, sub).contains("nsi")) << stored(ae.id, sub);
}

TEST_F(ConformanceSubscriptionTest, NsiIsResetWhenNseIsSetTrueAgain) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string url = receiver().url("/r");
  std::string sub =
      subscribeOk(ae.id, cnt, {{"nu", {url}}, {"enc", {{"net", {3}}}}, {"nse", true}});
  std::string path = "/" + sub;
  ASSERT_EQ(createCin(ae.id, cnt, "v").rsc, 2001);
  waitForNsi(ae.id, sub, [&](const Json& n) { return !entryFor(n, url).is_null(); });
  // false stops collecting and keeps what was counted
  ASSERT_EQ(http().update(ae.id, path, {{"m2m:sub", {{"nse", false}}}}).rsc, 2004);
  EXPECT_EQ(entryFor(stored(ae.id, sub).value("nsi", Json()), url).value("rqs", 0), 1);
  ASSERT_EQ(http().update(ae.id, path, {{"m2m:sub", {{"nse", true}}}}).rsc, 2004);
  EXPECT_FALSE(stored(ae.id, sub).contains("nsi")) << stored(ae.id, sub);
  ASSERT_EQ(createCin(ae.id, cnt, "w").rsc, 2001);
  Json nsi = waitForNsi(ae.id, sub, [&](const Json& n) { return !entryFor(n, url).is_null(); });
  EXPECT_EQ(entryFor(nsi, url).value("rqs", 0), 1) << nsi;
}

TEST_F(ConformanceSubscriptionTest, NsiIsRemovedWhenNseIsRemoved) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string url = receiver().url("/x");
  std::string sub =
      subscribeOk(ae.id, cnt, {{"nu", {url}}, {"enc", {{"net", {3}}}}, {"nse", true}});
  ASSERT_EQ(createCin(ae.id, cnt, "v").rsc, 2001);
  waitForNsi(ae.id, sub, [&](const Json& n) { return !entryFor(n, url).is_null(); });
  HttpResult updated = http().update(ae.id, "/" + sub, {{"m2m:sub", {{"nse", nullptr}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  Json now = stored(ae.id, sub);
  EXPECT_FALSE(now.contains("nse")) << now;
  EXPECT_FALSE(now.contains("nsi")) << now;
}

// m2m:setOfNotificationStatsInfo: one entry per Notification Target (tg, the nu entry as given:
// a URL or an AE-ID); a batch is one request (rqs) carrying several events (noec).
TEST_F(ConformanceSubscriptionTest, NsiCountsPerTarget) {
  Ae target = registerReachableAe("/ae");
  std::string cnt = createContainer(target.id, target.path);
  std::string url = receiver().url("/u");
  std::string sub = subscribeOk(
      target.id, cnt,
      {{"nu", {url, target.id}}, {"enc", {{"net", {3}}}}, {"bn", {{"num", 2}}}, {"nse", true}});
  ASSERT_EQ(createCin(target.id, cnt, "a").rsc, 2001);
  ASSERT_EQ(createCin(target.id, cnt, "b").rsc, 2001);
  Json nsi = waitForNsi(target.id, sub, [&](const Json& n) {
    return !entryFor(n, url).is_null() && !entryFor(n, target.id).is_null();
  });
  ASSERT_EQ(nsi.size(), 2u) << nsi;
  EXPECT_EQ(entryFor(nsi, url), Json({{"tg", url}, {"rqs", 1}, {"rsr", 1}, {"noec", 2}}));
  EXPECT_EQ(entryFor(nsi, target.id),
            Json({{"tg", target.id}, {"rqs", 1}, {"rsr", 1}, {"noec", 2}}));
}

TEST_F(ConformanceSubscriptionTest, NsiCountsATargetThatDoesNotAnswer) {
  // rqs counts requests sent, rsr responses received: a dead target has rqs without rsr. The
  // subscriber itself is the target (no verification), its poa a port where nothing listens.
  Ae ae = registerReachableAe("/unused", {{"poa", {"http://127.0.0.1:9/dead"}}});
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub =
      subscribeOk(ae.id, cnt, {{"nu", {ae.id}}, {"enc", {{"net", {3}}}}, {"nse", true}});
  ASSERT_EQ(createCin(ae.id, cnt, "v").rsc, 2001);
  Json nsi = waitForNsi(ae.id, sub, [&](const Json& n) { return !entryFor(n, ae.id).is_null(); });
  EXPECT_EQ(entryFor(nsi, ae.id), Json({{"tg", ae.id}, {"rqs", 1}, {"rsr", 0}, {"noec", 1}}));
}

// --- #13 operationMonitor (enc.om) -------------------------------------------------------------

// TS-0001 Table 9.6.8-2 operationMonitor: "any of the listed operations initiated from any of the
// listed Originators shall trigger the notification"; TS-0004 Table 6.3.5.13-1: the notification
// carries nev.om {op, or}. Each entry's ops is an m2m:accessControlOperations bit set.
TEST_F(ConformanceSubscriptionTest, OperationMonitorNotifiesAMatchingOperation) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub = subscribeOk(
      ae.id, cnt,
      {{"nu", {receiver().url("/om")}}, {"enc", {{"om", {{{"ops", 2}, {"or", ae.id}}}}}}});
  EXPECT_EQ(stored(ae.id, sub)["enc"]["om"], Json::array({{{"ops", 2}, {"or", ae.id}}}));
  ASSERT_EQ(http().retrieve(ae.id, cnt).rsc, 2000);
  ASSERT_TRUE(receiver().waitForEvents("/om", 1, kWait));
  Json sgn = receiver().eventsTo("/om").front().sgn();
  EXPECT_EQ(sgn["nev"]["om"], Json({{"op", 2}, {"or", ae.id}})) << sgn;
  EXPECT_EQ(sgn.value("sur", ""), "/id-in/" + sub);
  EXPECT_EQ(sgn.value("cr", ""), ae.id);
}

// An operation or originator not listed does not notify, and with om (and no net) an UPDATE is
// no Update_of_Resource event (TS-0004 §7.5.1.2.2 Step 1.0). Delivery is FIFO per target: when
// the UPDATE's notification is the first to arrive, the RETRIEVE before it sent none.
TEST_F(ConformanceSubscriptionTest, OperationMonitorIgnoresWhatItDoesNotList) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  subscribeOk(
      ae.id, cnt,
      {{"nu", {receiver().url("/om2")}}, {"enc", {{"om", {{{"or", "Cnobody"}}, {{"ops", 4}}}}}}});
  ASSERT_EQ(http().retrieve(ae.id, cnt).rsc, 2000);
  ASSERT_EQ(http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"x"}}}}}).rsc, 2004);
  ASSERT_TRUE(receiver().waitForEvents("/om2", 1, kWait));
  Json sgn = receiver().eventsTo("/om2").front().sgn();
  EXPECT_EQ(sgn["nev"]["om"], Json({{"op", 3}, {"or", ae.id}})) << sgn;
  EXPECT_FALSE(sgn["nev"].contains("net")) << sgn;
}

// TS-0004 §7.4.8.2.1 / §7.4.8.2.3: notificationEventType and operationMonitor together are
// BAD_REQUEST on CREATE and on an UPDATE that would leave both; a malformed entry too.
TEST_F(ConformanceSubscriptionTest, OperationMonitorRefusesNetBesideItAndMalformedEntries) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  const Json bad_enc[] = {
      {{"net", {1}}, {"om", {{{"ops", 2}}}}},
      {{"om", {Json::object()}}},
      {{"om", {{{"ops", 0}}}}},
      {{"om", {{{"ops", 64}}}}},
      {{"om", {{{"or", 5}}}}},
      {{"om", {{{"op", 2}}}}},
      {{"om", {{"ops", 2}}}},
  };
  for (const auto& enc : bad_enc) {
    std::string rn = uniqueName("sub");
    HttpResult r =
        http().create(ae.id, cnt, 23, {{"m2m:sub", {{"rn", rn}, {"nu", {ae.id}}, {"enc", enc}}}});
    EXPECT_EQ(r.rsc, 4000) << enc << ": " << r;
    EXPECT_NE(r.dbg().find("enc"), std::string::npos) << r;
    EXPECT_EQ(http().retrieve(ae.id, cnt + "/" + rn).rsc, 4004) << enc;
  }
  std::string sub = subscribeOk(ae.id, cnt, {{"nu", {ae.id}}, {"enc", {{"om", {{{"ops", 2}}}}}}});
  HttpResult updated = http().update(
      ae.id, "/" + sub, {{"m2m:sub", {{"enc", {{"net", {3}}, {"om", {{{"ops", 2}}}}}}}}});
  EXPECT_EQ(updated.rsc, 4000) << updated;
  EXPECT_EQ(stored(ae.id, sub)["enc"], Json({{"om", {{{"ops", 2}}}}}));
}

}  // namespace
}  // namespace citadel::testing
