// Issue 24 #13 (the enc.net 7 part): notificationEventType 7, Blocking_Update, through HTTP to
// the real binary with a NotificationReceiver as the Notification Target. Expectations from
// TS-0001 Table 9.6.8-2 (notificationEventType) and §10.2.10.x, TS-0004 §7.4.8.2.1 / §7.4.8.2.3
// (CREATE and UPDATE checks), §7.3.3.7, §7.5.1.2.19 (the blocked UPDATE) and §7.3.2.9 (the rsc
// of a failed one).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tests/support/cse_fixture.h"
#include "tests/support/notification_fixture.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

using namespace std::chrono_literals;

class ConformanceBlockingUpdateTest : public NotificationFixture {
 protected:
  // The Notification Target of these tests is an AE registered with registerReachableAe: its
  // AE-ID is the one oneM2M resource-ID target a Blocking_Update subscription may name.
  // A container of `ae` with a Blocking_Update subscription notifying `ae` itself.
  std::string blockedContainer(const Ae& ae, Json enc = {{"net", {7}}}) {
    std::string cnt = createContainer(ae.id, ae.path, {{"lbl", {"before"}}});
    subscribeOk(ae.id, cnt, {{"nu", {ae.id}}, {"enc", enc}});
    return cnt;
  }
  Json labels(const Ae& ae, const std::string& cnt) {
    HttpResult r = http().retrieve(ae.id, cnt);
    EXPECT_EQ(r.rsc, 2000) << r;
    return r.resource().value("lbl", Json());
  }
  HttpResult relabel(const Ae& ae, const std::string& cnt) {
    return http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"after"}}}}});
  }
};

// --- the blocked UPDATE (TS-0004 §7.5.1.2.19) ---------------------------------------------------

TEST_F(ConformanceBlockingUpdateTest, SuccessAnswerCommitsTheUpdateAfterTheNotification) {
  Ae ae = registerReachableAe("/n");
  std::string cnt = blockedContainer(ae);
  HttpResult r = relabel(ae, cnt);
  ASSERT_EQ(r.rsc, 2004) << r;
  EXPECT_EQ(labels(ae, cnt), Json({"after"}));
  // Sent before the UPDATE answered: it is already there. It carries the modified attributes
  // (nct 2, TS-0001 Table 9.6.8-2) with their new values and net 7.
  auto events = receiver().eventsTo("/n");
  ASSERT_EQ(events.size(), 1u);
  Json nev = events[0].sgn()["nev"];
  EXPECT_EQ(nev["net"], 7);
  EXPECT_EQ(nev["rep"]["m2m:cnt"]["lbl"], Json({"after"})) << nev;
  EXPECT_FALSE(nev["rep"]["m2m:cnt"].contains("mni")) << "only the modified attributes";
}

TEST_F(ConformanceBlockingUpdateTest, CreatedSubscriptionHasModifiedAttributesContentType) {
  Ae ae = registerReachableAe("/n");
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub = subscribeOk(ae.id, cnt, {{"nu", {ae.id}}, {"enc", {{"net", {7}}}}});
  HttpResult r = http().retrieve(ae.id, "/" + sub);
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(r.resource()["nct"], 2);
  EXPECT_EQ(r.resource()["enc"]["net"], Json({7}));
}

// TS-0004 §7.3.2.9: OPERATION_NOT_ALLOWED from the target -> OPERATION_DENIED_BY_REMOTE_ENTITY.
TEST_F(ConformanceBlockingUpdateTest, RefusedNotificationFailsTheUpdateAndChangesNothing) {
  Ae ae = registerReachableAe("/n");
  std::string cnt = blockedContainer(ae);
  receiver().setRsc("/n", 4005);
  HttpResult r = relabel(ae, cnt);
  EXPECT_EQ(r.rsc, 4127) << r;
  EXPECT_NE(r.dbg().find("refused"), std::string::npos) << r;
  EXPECT_EQ(labels(ae, cnt), Json({"before"}));
}

// TS-0001 Table 9.6.8-2: "a successful notification reception with unsuccessful notification
// action" is a failed UPDATE as well.
TEST_F(ConformanceBlockingUpdateTest, AnyErrorAnswerFailsTheUpdate) {
  Ae ae = registerReachableAe("/n");
  std::string cnt = blockedContainer(ae);
  receiver().setRsc("/n", 5000);
  HttpResult r = relabel(ae, cnt);
  EXPECT_EQ(r.rsc, 4127) << r;
  EXPECT_EQ(labels(ae, cnt), Json({"before"}));
}

// TS-0001 Table 9.6.8-2: "or times out ... no change of the targeted attribute(s)"; TS-0004
// §7.3.2.9 gives REMOTE_ENTITY_NOT_REACHABLE for a target that cannot be reached.
TEST_F(ConformanceBlockingUpdateTest, SilentTargetFailsTheUpdateAtTheNotificationTimeout) {
  Ae ae = registerReachableAe("/n");
  std::string cnt = blockedContainer(ae);
  receiver().stall("/n");
  HttpResult r = relabel(ae, cnt);
  EXPECT_EQ(r.rsc, 5107) << r;
  receiver().release("/n");
  EXPECT_EQ(labels(ae, cnt), Json({"before"}));
}

TEST_F(ConformanceBlockingUpdateTest, UnreachableTargetFailsTheUpdate) {
  Ae ae = registerReachableAe(
      "/n", {{"poa", {"http://127.0.0.1:" + std::to_string(closedPort()) + "/n"}}});
  std::string cnt = blockedContainer(ae);
  HttpResult r = relabel(ae, cnt);
  EXPECT_EQ(r.rsc, 5107) << r;
  EXPECT_EQ(labels(ae, cnt), Json({"before"}));
}

// TS-0004 §7.5.1.2.19: the attribute condition tag must match a modified attribute.
TEST_F(ConformanceBlockingUpdateTest, UpdateOfUnwatchedAttributeIsNotBlocked) {
  Ae ae = registerReachableAe("/n");
  std::string cnt = blockedContainer(ae, {{"net", {7}}, {"atr", {"mni"}}});
  receiver().setRsc("/n", 4005);
  HttpResult r = relabel(ae, cnt);
  EXPECT_EQ(r.rsc, 2004) << r;
  EXPECT_EQ(labels(ae, cnt), Json({"after"}));
  EXPECT_TRUE(receiver().eventsTo("/n").empty());
  r = http().update(ae.id, cnt, {{"m2m:cnt", {{"mni", 5}}}});
  EXPECT_EQ(r.rsc, 4127) << r;
}

// --- CREATE and UPDATE of the subscription (TS-0004 §7.4.8.2.1 / §7.4.8.2.3) --------------------

TEST_F(ConformanceBlockingUpdateTest, SecondBlockingSubscriptionIsRefused) {
  Ae ae = registerReachableAe("/n");
  std::string cnt = blockedContainer(ae);
  HttpResult r = subscribe(ae.id, cnt, {{"nu", {ae.id}}, {"enc", {{"net", {7}}}}});
  EXPECT_EQ(r.rsc, 4124) << r;  // BLOCKING_SUBSCRIPTION_ALREADY_EXISTS
  // Another resource may have its own.
  std::string other = createContainer(ae.id, ae.path);
  subscribeOk(ae.id, other, {{"nu", {ae.id}}, {"enc", {{"net", {7}}}}});
}

TEST_F(ConformanceBlockingUpdateTest, CreateConstraintsAreBadRequests) {
  Ae ae = registerReachableAe("/n");
  std::string cnt = createContainer(ae.id, ae.path);
  struct Case {
    std::string what;
    Json attributes;
  };
  const Json base = {{"nu", {ae.id}}, {"enc", {{"net", {7}}}}};
  auto with = [&](const std::string& key, Json value) {
    Json attributes = base;
    attributes[key] = std::move(value);
    return Case{key, attributes};
  };
  const Case cases[] = {
      with("nu", Json::array({ae.id, ae.id})),            // two targets
      with("nu", Json::array({receiver().url("/n")})),  // a URL target
      with("enc", {{"net", {7, 1}}}),                    // combined net
      with("enc", {{"net", {7}}, {"chty", {4}}}),        // another condition tag
      with("exc", 3),
      with("bn", {{"num", 2}}),
      with("nct", 2),
      with("su", ae.id),
  };
  for (const auto& c : cases) {
    HttpResult r = subscribe(ae.id, cnt, c.attributes);
    EXPECT_EQ(r.rsc, 4000) << c.what << ": " << r;
    EXPECT_FALSE(r.dbg().empty()) << c.what;
  }
  // None was stored: a valid one is still the first.
  subscribeOk(ae.id, cnt, {{"nu", {ae.id}}, {"enc", {{"net", {7}}}}});
}

TEST_F(ConformanceBlockingUpdateTest, UpdateCannotSetBlockingUpdate) {
  Ae ae = registerReachableAe("/n");
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub = subscribeOk(ae.id, cnt, {{"nu", {ae.id}}, {"enc", {{"net", {1}}}}});
  HttpResult r = http().update(ae.id, "/" + sub, {{"m2m:sub", {{"enc", {{"net", {7}}}}}}});
  EXPECT_EQ(r.rsc, 4000) << r;
  r = http().retrieve(ae.id, "/" + sub);
  EXPECT_EQ(r.resource()["enc"]["net"], Json({1}));
}

TEST_F(ConformanceBlockingUpdateTest, UpdateCannotAddPoliciesToABlockingSubscription) {
  Ae ae = registerReachableAe("/n");
  std::string cnt = createContainer(ae.id, ae.path);
  std::string sub = subscribeOk(ae.id, cnt, {{"nu", {ae.id}}, {"enc", {{"net", {7}}}}});
  HttpResult r = http().update(ae.id, "/" + sub, {{"m2m:sub", {{"exc", 4}}}});
  EXPECT_EQ(r.rsc, 4000) << r;
  r = http().update(ae.id, "/" + sub, {{"m2m:sub", {{"nu", {ae.id, ae.id}}}}});
  EXPECT_EQ(r.rsc, 4000) << r;
  r = http().retrieve(ae.id, "/" + sub);
  EXPECT_FALSE(r.resource().contains("exc"));
  EXPECT_EQ(r.resource()["nu"], Json({ae.id}));
}

// TS-0001 Table 9.6.8-2: the Notification Target of a Blocking_Update subscription must have
// UPDATE privilege on the subscribed-to resource; else anyone who may subscribe could name an
// entity of theirs whose answers veto every UPDATE of another's resource.
TEST_F(ConformanceBlockingUpdateTest, TargetWithoutUpdatePrivilegeIsRefused) {
  Ae owner = registerReachableAe("/n");
  std::string cnt = createContainer(owner.id, owner.path);
  Ae stranger = registerAe("stranger");  // no privilege on the owner's container
  HttpResult r = subscribe(owner.id, cnt, {{"nu", {stranger.id}}, {"enc", {{"net", {7}}}}});
  EXPECT_EQ(r.rsc, 4103) << r;
  // The owner itself may update its container: accepted.
  subscribeOk(owner.id, cnt, {{"nu", {owner.id}}, {"enc", {{"net", {7}}}}});
}

}  // namespace
}  // namespace citadel::testing
