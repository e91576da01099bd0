// Issue 24 #18: Release 4 attributes of existing types, through HTTP to the real binary. The
// expectations come from ACME's policy tables (shared/reference/acme-policies, R4) and, where
// the Rel-3 text has the attribute, TS-0004 §7.4.x: announceSyncType (ast) on the announceable
// types, subscriptionIDs (subi) on <container>, deletionCnt (dcnt) and dataGenerationTime (dgt)
// on <contentInstance>, associatedCrossResourceSub (acrs, Table 7.4.8.1-3),
// enableEventNotificationOriginator (eeno) and maxAge (ma) on <subscription>,
// specializationType (spty), semanticSupportIndicator (ssi) and notifyAggregation (nar) on
// <group> (Table 7.4.13.1-3), SP-ID (spi) and IN-CSE-ID (ici) on <CSEBase>. Each is accepted
// and returned; a wrong type is 4000 and stores nothing; NP on UPDATE is 4000.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class ConformanceAttributesTest : public CseFixture {
 protected:
  // Creates `root` {attributes + rn} of type `ty` under `parent` and expects 2001; returns the
  // path of the new resource and checks that a RETRIEVE returns every given attribute as sent.
  std::string createAndCheck(const Ae& ae, const std::string& parent, int ty,
                             const std::string& root, Json attributes) {
    std::string rn = uniqueName("r");
    attributes["rn"] = rn;
    HttpResult created = http().create(ae.id, parent, ty, {{root, attributes}});
    EXPECT_EQ(created.rsc, 2001) << root << ": " << created;
    std::string path = parent + "/" + rn;
    for (auto it = attributes.begin(); it != attributes.end(); ++it) {
      EXPECT_EQ(attributeOf(ae, path, it.key()), *it) << root << " attribute " << it.key();
    }
    return path;
  }

  // Expects CREATE of `root` with `attributes` to be 4000 naming `name` in the dbg, and nothing
  // stored under that name.
  void expectCreateRefused(const Ae& ae, const std::string& parent, int ty,
                           const std::string& root, Json attributes, const std::string& name) {
    std::string rn = uniqueName("bad");
    attributes["rn"] = rn;
    HttpResult r = http().create(ae.id, parent, ty, {{root, attributes}});
    EXPECT_EQ(r.rsc, 4000) << root << " " << attributes.dump() << ": " << r;
    EXPECT_NE(r.dbg().find(name), std::string::npos) << r.dbg();
    EXPECT_EQ(http().retrieve(ae.id, parent + "/" + rn).rsc, 4004) << rn << " was stored";
  }

  // Expects UPDATE of `path` with `attributes` to be 4000 and `name` unchanged afterwards.
  void expectUpdateRefused(const Ae& ae, const std::string& path, const std::string& root,
                           const Json& attributes, const std::string& name) {
    Json before = attributeOf(ae, path, name);
    HttpResult r = http().update(ae.id, path, {{root, attributes}});
    EXPECT_EQ(r.rsc, 4000) << root << " " << attributes.dump() << ": " << r;
    EXPECT_NE(r.dbg().find(name), std::string::npos) << r.dbg();
    EXPECT_EQ(attributeOf(ae, path, name), before) << name << " changed";
  }

  // The stored value of attribute `name` of `path`; null when absent.
  Json attributeOf(const Ae& ae, const std::string& path, const std::string& name) {
    Json resource = http().retrieve(ae.id, path).resource();
    return resource.is_object() ? resource.value(name, Json()) : Json();
  }

  Json ownPrivileges(const Ae& ae) {
    return {{"acr", {{{"acor", {ae.id}}, {"acop", 63}}}}};
  }
};

TEST_F(ConformanceAttributesTest, AeAcceptsAnnounceSyncType) {
  std::string name = uniqueName("ae");
  Json ae = {{"rn", name}, {"api", "N" + name}, {"rr", false}, {"srv", {"3"}}, {"ast", 1}};
  HttpResult created = http().create("C" + name, kCseBase, 2, {{"m2m:ae", ae}});
  ASSERT_EQ(created.rsc, 2001) << created;
  std::string path = std::string(kCseBase) + "/" + name;
  EXPECT_EQ(http().retrieve("C" + name, path).resource().value("ast", Json()), 1);

  std::string other = uniqueName("ae");
  Json bad = {{"rn", other}, {"api", "N" + other}, {"rr", false}, {"srv", {"3"}}, {"ast", "x"}};
  HttpResult refused = http().create("C" + other, kCseBase, 2, {{"m2m:ae", bad}});
  EXPECT_EQ(refused.rsc, 4000) << refused;
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/" + other).rsc, 4004);
}

TEST_F(ConformanceAttributesTest, ContainerAcceptsSubscriptionIdsAndAnnounceSyncType) {
  Ae ae = registerAe();
  std::string cnt = createAndCheck(ae, ae.path, 3, "m2m:cnt",
                                   {{"subi", {"sub1", "sub2"}}, {"ast", 2}});
  ASSERT_EQ(http().update(ae.id, cnt, {{"m2m:cnt", {{"subi", {"sub3"}}}}}).rsc, 2004);
  EXPECT_EQ(attributeOf(ae, cnt, "subi"), Json({"sub3"}));
  expectCreateRefused(ae, ae.path, 3, "m2m:cnt", {{"subi", "sub1"}}, "subi");
  expectCreateRefused(ae, ae.path, 3, "m2m:cnt", {{"ast", -1}}, "ast");
}

TEST_F(ConformanceAttributesTest, ContentInstanceAcceptsDeletionCountAndGenerationTime) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  createAndCheck(ae, cnt, 4, "m2m:cin",
                 {{"con", "v"}, {"dcnt", 3}, {"dgt", "20260101T120000"}});
  // m2m:absRelTimestamp: a relative time in ms is an accepted form too.
  createAndCheck(ae, cnt, 4, "m2m:cin", {{"con", "v"}, {"dgt", -5000}});
  // dcnt is an xs:positiveInteger; dgt a timestamp or a number of ms.
  expectCreateRefused(ae, cnt, 4, "m2m:cin", {{"con", "v"}, {"dcnt", 0}}, "dcnt");
  expectCreateRefused(ae, cnt, 4, "m2m:cin", {{"con", "v"}, {"dgt", "yesterday"}}, "dgt");
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource().value("cni", -1), 2);
}

TEST_F(ConformanceAttributesTest, SubscriptionAcceptsCrossResourceSubOriginatorAndMaxAge) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  Json base = {{"nu", {ae.id}}, {"enc", {{"net", {3}}}}};
  Json with = base;
  with["acrs"] = {"/id-in/crs1"};
  with["eeno"] = true;
  with["ma"] = "PT1M";
  std::string sub = createAndCheck(ae, cnt, 23, "m2m:sub", with);
  ASSERT_EQ(http().update(ae.id, sub, {{"m2m:sub", {{"eeno", false}, {"ma", 60000}}}}).rsc, 2004);
  EXPECT_EQ(attributeOf(ae, sub, "eeno"), false);
  EXPECT_EQ(attributeOf(ae, sub, "ma"), 60000);

  Json bad_eeno = base;
  bad_eeno["eeno"] = "yes";
  expectCreateRefused(ae, cnt, 23, "m2m:sub", bad_eeno, "eeno");
  Json bad_ma = base;
  bad_ma["ma"] = "one minute";
  expectCreateRefused(ae, cnt, 23, "m2m:sub", bad_ma, "ma");
  Json bad_acrs = base;
  bad_acrs["acrs"] = "/id-in/crs1";
  expectCreateRefused(ae, cnt, 23, "m2m:sub", bad_acrs, "acrs");
}

TEST_F(ConformanceAttributesTest, GroupAcceptsSpecializationTypeAndNotifyAggregation) {
  Ae ae = registerAe();
  Json base = {{"mnm", 5}, {"mid", Json::array()}};
  Json with = base;
  with["spty"] = {{"cnd", "org.onem2m.common.moduleclass.temperature"}};
  with["nar"] = {{"num", 3}, {"dur", "PT5S"}};
  with["ast"] = 1;
  std::string grp = createAndCheck(ae, ae.path, 9, "m2m:grp", with);
  // semanticSupportIndicator is generated by the Hosting CSE (no <semanticFanOutPoint> here).
  EXPECT_FALSE(http().retrieve(ae.id, grp).resource().contains("ssi"));
  ASSERT_EQ(http().update(ae.id, grp, {{"m2m:grp", {{"nar", {{"num", 4}}}}}}).rsc, 2004);
  EXPECT_EQ(attributeOf(ae, grp, "nar"), Json({{"num", 4}}));

  // TS-0004 Table 7.4.13.1-3: spty is O on CREATE, NP on UPDATE; ssi is NP on both.
  expectUpdateRefused(ae, grp, "m2m:grp", {{"spty", {{"cnd", "other"}}}}, "spty");
  expectUpdateRefused(ae, grp, "m2m:grp", {{"ssi", true}}, "ssi");
  expectUpdateRefused(ae, grp, "m2m:grp", {{"nar", {{"num", -1}}}}, "nar");
  Json both = base;
  both["spty"] = {{"cnd", "a"}, {"mgd", 1001}};
  expectCreateRefused(ae, ae.path, 9, "m2m:grp", both, "spty");
  Json number = base;
  number["spty"] = 4;
  expectCreateRefused(ae, ae.path, 9, "m2m:grp", number, "spty");
  Json ssi = base;
  ssi["ssi"] = true;
  expectCreateRefused(ae, ae.path, 9, "m2m:grp", ssi, "ssi");
  Json nar = base;
  nar["nar"] = {{"count", 3}};
  expectCreateRefused(ae, ae.path, 9, "m2m:grp", nar, "nar");
}

TEST_F(ConformanceAttributesTest, AccessControlPolicyAcceptsAnnounceSyncType) {
  Ae ae = registerAe();
  Json acp = {{"pv", ownPrivileges(ae)}, {"pvs", ownPrivileges(ae)}};
  Json with = acp;
  with["ast"] = 1;
  std::string path = createAndCheck(ae, ae.path, 1, "m2m:acp", with);
  ASSERT_EQ(http().update(ae.id, path, {{"m2m:acp", {{"ast", 2}}}}).rsc, 2004);
  EXPECT_EQ(attributeOf(ae, path, "ast"), 2);
  Json bad = acp;
  bad["ast"] = true;
  expectCreateRefused(ae, ae.path, 1, "m2m:acp", bad, "ast");
}

TEST_F(ConformanceAttributesTest, CseBaseReturnsSpIdAndInCseId) {
  HttpResult cb = http().retrieve(kAdmin, kCseBase);
  ASSERT_EQ(cb.rsc, 2000) << cb;
  const Json& base = cb.resource();
  EXPECT_EQ(base.value("spi", Json()), "citadel.example.com") << cb;
  // This CSE is an IN-CSE (cst 1): its IN-CSE-ID is its own CSE-ID.
  EXPECT_EQ(base.value("cst", Json()), 1) << cb;
  EXPECT_EQ(base.value("ici", Json()), base.value("csi", Json())) << cb;
}

}  // namespace
}  // namespace citadel::testing
