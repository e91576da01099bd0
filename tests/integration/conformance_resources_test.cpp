// Issue 24, items 5, 9, 20, 22 and 23: batchNotify, addressing another CSE, timestamps with
// fractions, the names of virtual resources and an empty operationMonitor, through HTTP to the
// real binary. Each test asserts the rsc and then what was stored (a RETRIEVE after). Expected
// values come from the spec's tables (TS-0004), not from the code.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cse_fixture.h"
#include "tests/support/expect_refused.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

class ConformanceResourcesTest : public CseFixture {
 protected:
  void expectAbsent(const std::string& originator, const std::string& path) {
    EXPECT_EQ(http().retrieve(originator, path).rsc, 4004) << path << " was stored";
  }
  // A subscription `rn` under `parent` with net 3 and the extra attributes.
  HttpResult subscribe(const Ae& ae, const std::string& parent, const std::string& rn, Json extra) {
    extra["rn"] = rn;
    extra["nu"] = {receiver_.url("/n")};
    if (!extra.contains("enc")) extra["enc"] = {{"net", {3}}};
    return http().create(ae.id, parent, 23, {{"m2m:sub", extra}});
  }

  NotificationReceiver receiver_;
};

// Item 5. m2m:batchNotify (TS-0004 Table 6.3.5.6-1): number (xs:nonNegativeInteger) and
// duration (xs:duration) are each 0..1; "If the batchNotify attribute is present in the Request
// but batchNotify/duration is not provided by the Originator, the Hosting CSE shall set the
// value of batchNotify/duration to the default duration" (§7.4.8.2.1 Recv-6.5). The default is
// notification.batchDuration (10 s unless configured).
TEST_F(ConformanceResourcesTest, BatchNotifyMembersAreOptionalAndDurationDefaults) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(cnt.empty());

  std::string only_num = uniqueName("sub");
  HttpResult created = subscribe(ae, cnt, only_num, {{"bn", {{"num", 5}}}});
  ASSERT_EQ(created.rsc, 2001) << created;
  EXPECT_EQ(created.resource()["bn"], Json({{"num", 5}, {"dur", "PT10S"}})) << created;
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/" + only_num).resource()["bn"],
            Json({{"num", 5}, {"dur", "PT10S"}}));

  std::string only_dur = uniqueName("sub");
  created = subscribe(ae, cnt, only_dur, {{"bn", {{"dur", "PT1M30S"}}}});
  ASSERT_EQ(created.rsc, 2001) << created;
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/" + only_dur).resource()["bn"],
            Json({{"dur", "PT1M30S"}}));

  std::string empty = uniqueName("sub");
  created = subscribe(ae, cnt, empty, {{"bn", Json::object()}});
  ASSERT_EQ(created.rsc, 2001) << created;
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/" + empty).resource()["bn"], Json({{"dur", "PT10S"}}));

  // duration is an xs:duration (a string "PnYnMnDTnHnMnS"), number a non-negative integer.
  const Json bad_values[] = {Json{{"dur", 60}}, Json{{"dur", "60"}}, Json{{"dur", "PT"}},
                             Json{{"num", -1}}, Json{{"num", "5"}},  Json{{"num", 2}, {"size", 3}},
                             Json::array({5})};
  for (const Json& bn : bad_values) {
    std::string rn = uniqueName("sub");
    HttpResult r = subscribe(ae, cnt, rn, {{"bn", bn}});
    expectRefused(r, 4000, {"bn"});
    expectAbsent(ae.id, cnt + "/" + rn);
  }

  // UPDATE to a bn without duration: the default is filled in again.
  std::string sub = cnt + "/" + only_dur;
  HttpResult updated = http().update(ae.id, sub, {{"m2m:sub", {{"bn", {{"num", 2}}}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(http().retrieve(ae.id, sub).resource()["bn"], Json({{"num", 2}, {"dur", "PT10S"}}));
  expectRefused(http().update(ae.id, sub, {{"m2m:sub", {{"bn", {{"dur", 5}}}}}}), 4000, {"bn.dur"});
  EXPECT_EQ(http().retrieve(ae.id, sub).resource()["bn"], Json({{"num", 2}, {"dur", "PT10S"}}));
}

// Item 9. TS-0004 §7.3.2.8: a `to` whose SP-ID or CSE-ID is not this CSE's makes it a transit
// CSE; §7.3.2.6: no <remoteCSE> matches, and "If a match is not found and the CSE is the IN-CSE,
// then the CSE shall not forward the request and it shall respond with ... NOT_FOUND". A `to`
// that is this CSE's own CSE-ID (SP-relative "/id-in", over HTTP "/~/id-in") or its absolute
// form ("//citadel.example.com/id-in", "/_/citadel.example.com/id-in") addresses the CSEBase
// (the receiver is the Hosting CSE).
TEST_F(ConformanceResourcesTest, ForeignSpOrCseIsNotFoundAndOwnCseIdIsTheCseBase) {
  Ae ae = registerAe();
  for (const std::string& to :
       {std::string("/_/other.example.org/id-in/cse-in/" + ae.name),
        std::string("/_/other.example.org/id-in"), std::string("/~/id-other/cse-in"),
        std::string("/_/citadel.example.com/id-other/x")}) {
    HttpResult r = http().retrieve(ae.id, to);
    expectRefused(r, 4004, {"not hosted on this CSE"});
    EXPECT_EQ(r.http_status, 404) << to;
    // A CREATE towards it stores nothing here either.
    HttpResult c = http().create(ae.id, to, 3, {{"m2m:cnt", {{"rn", "far"}}}});
    EXPECT_EQ(c.rsc, 4004) << to << ": " << c;
  }
  HttpResult base = http().retrieve(kAdmin, kCseBase);
  ASSERT_EQ(base.rsc, 2000) << base;
  for (const std::string& to :
       {std::string("/~/id-in"), std::string("/_/citadel.example.com/id-in")}) {
    HttpResult r = http().retrieve(kAdmin, to);
    ASSERT_EQ(r.rsc, 2000) << to << ": " << r;
    EXPECT_EQ(r.json.begin().key(), "m2m:cb") << r;
    EXPECT_EQ(r.resource()["ri"], base.resource()["ri"]) << r;
    EXPECT_EQ(r.resource()["csi"], "/id-in") << r;
  }
  // The AE under it, addressed through the same forms.
  EXPECT_EQ(http().retrieve(ae.id, "/~/id-in/cse-in/" + ae.name).rsc, 2000);
  EXPECT_EQ(http().retrieve(ae.id, "/_/citadel.example.com/id-in/cse-in/" + ae.name).rsc, 2000);
}

// Item 20. m2m:timestamp (TS-0004 Table 6.3.3-1) is "YYYYMMDDTHHMMSS,ffffff" with an optional
// fraction: ct and lt carry microseconds, so resources created within one second are ordered,
// and the filter criteria crb/cra/ms/us accept both forms (whole seconds, ',' or '.').
TEST_F(ConformanceResourcesTest, CreationTimesCarryFractionsAndOrderWithinASecond) {
  Ae ae = registerAe();
  std::string parent = createContainer(ae.id, ae.path);
  ASSERT_FALSE(parent.empty());
  std::string first = createContainer(ae.id, parent, {{"rn", "first"}});
  std::string second = createContainer(ae.id, parent, {{"rn", "second"}});
  Json a = http().retrieve(ae.id, first).resource();
  Json b = http().retrieve(ae.id, second).resource();
  std::string ct_a = a.value("ct", "");
  std::string ct_b = b.value("ct", "");
  ASSERT_EQ(ct_a.size(), 22u) << a;
  EXPECT_EQ(ct_a[15], ',') << ct_a;
  EXPECT_EQ(a.value("lt", ""), ct_a) << "lt equals ct at creation";
  EXPECT_LT(ct_a, ct_b) << "the later CREATE has the later ct";

  // crb = the second's ct: the first was created before it, the second not.
  HttpResult before = http().retrieve(ae.id, parent, "fu=1&ty=3&crb=" + ct_b);
  ASSERT_EQ(before.rsc, 2000) << before;
  Json uris = before.json["m2m:uril"];
  EXPECT_EQ(uris.size(), 1u) << before;
  EXPECT_NE(uris.dump().find("/first"), std::string::npos) << before;
  // cra = the second's ct with '.' instead of ',': only the second.
  std::string dotted = ct_b;
  dotted[15] = '.';
  HttpResult after = http().retrieve(ae.id, parent, "fu=1&ty=3&cra=" + dotted);
  ASSERT_EQ(after.rsc, 2000) << after;
  EXPECT_EQ(after.json["m2m:uril"].size(), 1u) << after;
  EXPECT_NE(after.json["m2m:uril"].dump().find("/second"), std::string::npos) << after;
  // A whole-second criterion still works: cra at the first's second takes both.
  HttpResult whole = http().retrieve(ae.id, parent, "fu=1&ty=3&cra=" + ct_a.substr(0, 15));
  ASSERT_EQ(whole.rsc, 2000) << whole;
  EXPECT_EQ(whole.json["m2m:uril"].size(), 2u) << whole;

  // An UPDATE moves lt past ct, within the same second too; ms at the old lt finds it.
  HttpResult updated = http().update(ae.id, first, {{"m2m:cnt", {{"lbl", {"moved"}}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  std::string lt = http().retrieve(ae.id, first).resource().value("lt", "");
  ASSERT_EQ(lt.size(), 22u) << lt;
  EXPECT_GT(lt, ct_a);
  HttpResult modified = http().retrieve(ae.id, parent, "fu=1&ty=3&ms=" + lt);
  ASSERT_EQ(modified.rsc, 2000) << modified;
  EXPECT_EQ(modified.json["m2m:uril"].size(), 1u) << modified;
  // A fraction that is not one is still refused.
  HttpResult bad = http().retrieve(ae.id, parent, "fu=1&crb=" + ct_a.substr(0, 15) + ",");
  EXPECT_EQ(bad.rsc, 4000) << bad;
}

// Item 22. TS-0004 Table 6.8-1: every <container> has the virtual children la (<latest>) and ol
// (<oldest>), every <group> fopt (<fanOutPoint>) and sfop, every <subscription> ntsr. A CREATE
// asking for one of those names under such a parent names an existing child: 4105 CONFLICT
// (§7.3.3.5, "If such a resource exists, then the Hosting CSE shall reject the request with ...
// CONFLICT"). Under a parent without that virtual child the name is an ordinary one.
TEST_F(ConformanceResourcesTest, VirtualResourceNamesAreTakenUnderTheirParents) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(cnt.empty());
  ASSERT_EQ(createCin(ae.id, cnt, "v1").rsc, 2001);
  for (const char* name : {"la", "ol"}) {
    HttpResult cin = http().create(ae.id, cnt, 4, {{"m2m:cin", {{"rn", name}, {"con", "x"}}}});
    expectRefused(cin, 4105, {name, "virtual"});
    HttpResult sub_cnt = http().create(ae.id, cnt, 3, {{"m2m:cnt", {{"rn", name}}}});
    expectRefused(sub_cnt, 4105, {name});
    // <name> still is the virtual resource: the one instance, not a stored child.
    HttpResult v = http().retrieve(ae.id, cnt + "/" + name);
    ASSERT_EQ(v.rsc, 2000) << v;
    EXPECT_EQ(v.resource().value("con", ""), "v1") << v;
  }
  HttpResult children = http().retrieve(ae.id, cnt, "rcn=6");
  for (const auto& ref : children.json["m2m:rrl"]["rrf"]) {
    EXPECT_NE(ref.value("nm", ""), "la") << children;
    EXPECT_NE(ref.value("nm", ""), "ol") << children;
  }
  // Under an <AE> (no virtual children) "la" is an ordinary name.
  HttpResult plain = http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "la"}}}});
  EXPECT_EQ(plain.rsc, 2001) << plain;
  EXPECT_EQ(http().retrieve(ae.id, ae.path + "/la").resource().value("ty", 0), 3);
  // A <group>'s fopt.
  HttpResult group =
      http().create(ae.id, ae.path, 9,
                    {{"m2m:grp", {{"rn", uniqueName("grp")}, {"mnm", 2}, {"mid", Json::array()}}}});
  ASSERT_EQ(group.rsc, 2001) << group;
  std::string grp = ae.path + "/" + group.resource().value("rn", "");
  HttpResult fopt = subscribe(ae, grp, "fopt", {{"enc", {{"net", {1}}}}});
  expectRefused(fopt, 4105, {"fopt"});
}

// Item 23. m2m:eventNotificationCriteria operationMonitor is 0..n (TS-0004 Table 6.3.5.7-1):
// an empty list is a valid value; it is stored and returned as given.
TEST_F(ConformanceResourcesTest, EmptyOperationMonitorListIsAccepted) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(cnt.empty());
  std::string rn = uniqueName("sub");
  HttpResult created = subscribe(ae, cnt, rn, {{"enc", {{"net", {3}}, {"om", Json::array()}}}});
  ASSERT_EQ(created.rsc, 2001) << created;
  Json enc = http().retrieve(ae.id, cnt + "/" + rn).resource()["enc"];
  EXPECT_EQ(enc["om"], Json::array()) << enc;
  EXPECT_EQ(enc["net"], Json({3})) << enc;
  HttpResult updated =
      http().update(ae.id, cnt + "/" + rn, {{"m2m:sub", {{"enc", {{"om", Json::array()}}}}}});
  EXPECT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/" + rn).resource()["enc"]["om"], Json::array());
}

}  // namespace
}  // namespace citadel::testing
