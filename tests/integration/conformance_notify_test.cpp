// Issue 24 #14, NOTIFY to resources of this CSE (TS-0004 §7.3.3.9): a NOTIFY addressed to an
// <AE> is re-targeted to the AE's pointOfAccess once the originator's NOTIFY privilege on the
// <AE> is granted (TS-0001 §10.2.5.23), and the AE's answer comes back; without a point of
// access it is TARGET_NOT_REACHABLE (5103, §7.3.3.9.1). A NOTIFY to the <CSEBase> carries a
// notification or security information (§7.3.3.9.2, §7.5.1): anything else is 4000.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cse_fixture.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

// accessControlOperations bit for NOTIFY (TS-0004 Table 6.3.4.2.x: 1 C, 2 R, 4 U, 8 D, 16 N).
constexpr int kNotifyPrivilege = 16;

class ConformanceNotifyTest : public CseFixture {
 protected:
  // An AE with rr true and `poa` (none when null), registered over HTTP, Release 3.
  Ae registerReachableAe(const Json& poa) {
    Ae ae;
    ae.name = uniqueName("nae");
    ae.id = "C" + ae.name;
    ae.path = std::string(kCseBase) + "/" + ae.name;
    Json attributes = {{"rn", ae.name}, {"api", "N" + ae.name}, {"rr", true}, {"srv", {"3"}}};
    if (!poa.is_null()) attributes["poa"] = poa;
    HttpResult r = http().create(ae.id, kCseBase, 2, {{"m2m:ae", attributes}});
    EXPECT_EQ(r.rsc, 2001) << r;
    return ae;
  }

  // Gives `originator` the NOTIFY privilege on `ae` (an ACP under it, in its acpi).
  void grantNotify(const Ae& ae, const std::string& originator) {
    Json pv = {{"acr", {{{"acor", {originator}}, {"acop", kNotifyPrivilege}},
                        {{"acor", {ae.id}}, {"acop", 63}}}}};
    Json pvs = {{"acr", {{{"acor", {ae.id}}, {"acop", 63}}}}};
    HttpResult acp = http().create(ae.id, ae.path, 1,
                                   {{"m2m:acp", {{"rn", uniqueName("acp")}, {"pv", pv},
                                                 {"pvs", pvs}}}});
    ASSERT_EQ(acp.rsc, 2001) << acp;
    HttpResult r = http().update(ae.id, ae.path,
                                 {{"m2m:ae", {{"acpi", {acp.resource().value("ri", "")}}}}});
    ASSERT_EQ(r.rsc, 2004) << r;
  }

  // A NOTIFY (TS-0009: POST without ty) from `originator` to `path` with `content`.
  HttpResult notify(const std::string& originator, const std::string& path, const Json& content) {
    return http().raw("POST", path,
                      {{"X-M2M-Origin", originator},
                       {"X-M2M-RI", HttpClient::nextRequestId()},
                       {"X-M2M-RVI", "3"},
                       {"Content-Type", "application/json"}},
                      content.dump());
  }

  static Json notification(const std::string& tag) {
    return {{"m2m:sgn", {{"nev", {{"net", 1}, {"rep", {{"m2m:cin", {{"con", tag}}}}}}},
                         {"sur", "/id-in/sub-" + tag}}}};
  }
};

TEST_F(ConformanceNotifyTest, ANotifyToAnAeIsRetargetedToItsPointOfAccess) {
  NotificationReceiver receiver;
  Ae target = registerReachableAe({receiver.url("/target")});
  Ae sender = registerAe("snd");
  grantNotify(target, sender.id);
  receiver.setRsc("/target", 2000);
  HttpResult r = notify(sender.id, target.path, notification("hello"));
  EXPECT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(r.header("X-M2M-RI"), r.request_id) << r;
  auto received = receiver.requestsTo("/target");
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].header("X-M2M-Origin"), sender.id);
  EXPECT_EQ(received[0].json, notification("hello"));
  // The target's answer is the answer, whatever it is.
  receiver.setRsc("/target", 4101);
  EXPECT_EQ(notify(sender.id, target.path, notification("again")).rsc, 4101);
}

// TS-0001 §10.2.5.23: access control first; a denied originator's NOTIFY goes nowhere.
TEST_F(ConformanceNotifyTest, ANotifyWithoutThePrivilegeIsDeniedAndNotSent) {
  NotificationReceiver receiver;
  Ae target = registerReachableAe({receiver.url("/target")});
  Ae other = registerAe("oth");
  Ae sender = registerAe("snd");
  grantNotify(target, other.id);
  HttpResult r = notify(sender.id, target.path, notification("nope"));
  EXPECT_EQ(r.rsc, 4103) << r;
  EXPECT_TRUE(receiver.requestsTo("/target").empty());
}

TEST_F(ConformanceNotifyTest, ANotifyToAnAeWithoutPointOfAccessIsTargetNotReachable) {
  Ae target = registerReachableAe(nullptr);
  Ae sender = registerAe("snd");
  grantNotify(target, sender.id);
  HttpResult r = notify(sender.id, target.path, notification("lost"));
  EXPECT_EQ(r.rsc, 5103) << r;
  EXPECT_FALSE(r.dbg().empty()) << r;
}

TEST_F(ConformanceNotifyTest, ANotifyToTheCseBaseWithoutANotificationIsABadRequest) {
  HttpResult r = notify(kAdmin, kCseBase, {{"m2m:cnt", {{"rn", "x"}}}});
  EXPECT_EQ(r.rsc, 4000) << r;
  EXPECT_NE(r.dbg().find("m2m:sgn"), std::string::npos) << r;
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/x").rsc, 4004);
}

// TS-0004 §7.3.3.9.1 steps 3-4: when forwarding to a point of access fails with
// TARGET_NOT_REACHABLE the next one is tried; when none takes it, 5103.
TEST_F(ConformanceNotifyTest, ANotifyTriesTheNextPointOfAccessWhenOneIsUnreachable) {
  NotificationReceiver receiver;
  const std::string unreachable = "http://127.0.0.1:1/nobody";  // connection refused
  Ae target = registerReachableAe({unreachable, receiver.url("/second")});
  Ae sender = registerAe("snd");
  grantNotify(target, sender.id);
  HttpResult r = notify(sender.id, target.path, notification("next"));
  EXPECT_EQ(r.rsc, 2000) << r;
  ASSERT_EQ(receiver.requestsTo("/second").size(), 1u);
  EXPECT_EQ(receiver.requestsTo("/second")[0].json, notification("next"));

  Ae nowhere = registerReachableAe({unreachable, "http://127.0.0.1:1/again"});
  grantNotify(nowhere, sender.id);
  EXPECT_EQ(notify(sender.id, nowhere.path, notification("none")).rsc, 5103);
}

}  // namespace
}  // namespace citadel::testing
