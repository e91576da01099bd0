// Issue 24, "Validation that is missing": values the spec's data types refuse, sent through HTTP
// to the real binary. Each bad value must answer 4000 (or the code the clause names) with a dbg
// naming the attribute and the rule, and store nothing; the valid forms of the same tables are
// accepted. Expected values come from the spec's tables, not from the code.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cse_fixture.h"
#include "tests/support/expect_refused.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

class ConformanceValidationTest : public CseFixture {
 protected:
  // An AE registration sent with X-M2M-RVI `rvi`.
  HttpResult registerWithRvi(const std::string& rn, const std::string& api,
                             const std::string& rvi) {
    Json body = {{"m2m:ae", {{"rn", rn}, {"api", api}, {"rr", false}, {"srv", {"3"}}}}};
    return http().raw("POST", kCseBase,
                      {{"X-M2M-Origin", "C" + rn},
                       {"X-M2M-RI", HttpClient::nextRequestId()},
                       {"X-M2M-RVI", rvi},
                       {"Content-Type", "application/json;ty=2"}},
                      body.dump());
  }
  // A container `rn` created under `ae` with one more header.
  HttpResult createContainerWithHeader(const Ae& ae, const std::string& rn,
                                       const std::string& header, const std::string& value) {
    Json body = {{"m2m:cnt", {{"rn", rn}}}};
    return http().raw("POST", ae.path,
                      {{"X-M2M-Origin", ae.id},
                       {"X-M2M-RI", HttpClient::nextRequestId()},
                       {"X-M2M-RVI", "3"},
                       {header, value},
                       {"Content-Type", "application/json;ty=3"}},
                      body.dump());
  }
  // Nothing was stored under `path`.
  void expectAbsent(const std::string& originator, const std::string& path) {
    EXPECT_EQ(http().retrieve(originator, path).rsc, 4004) << path << " was stored";
  }
};

// m2m:labels (TS-0004 Table 6.3.3-1): a list of xs:token (Table 6.3.2-1: no CR, LF or tab, no
// leading or trailing space, no run of two spaces) with at least one member.
TEST_F(ConformanceValidationTest, LabelsMustBeTokens) {
  Ae ae = registerAe();
  const Json bad_lists[] = {Json{" lead"},  Json{"trail "},    Json{"two  spaces"},
                            Json{"ok", ""}, Json{"tab\there"}, Json{"line\nfeed"},
                            Json::array()};
  for (const Json& lbl : bad_lists) {
    std::string rn = uniqueName("cnt");
    expectRefused(http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", rn}, {"lbl", lbl}}}}), 4000,
                  {"lbl"});
    expectAbsent(ae.id, ae.path + "/" + rn);
  }
  std::string cnt = createContainer(ae.id, ae.path, {{"lbl", {"old"}}});
  ASSERT_FALSE(cnt.empty());
  for (const Json& lbl : bad_lists) {
    expectRefused(http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", lbl}}}}), 4000, {"lbl"});
    EXPECT_EQ(http().retrieve(ae.id, cnt).resource()["lbl"], Json({"old"})) << lbl.dump();
  }
  // The forms of Table 6.3.3-1's example: key-only and key:value, and single inner spaces.
  Json good = {"printers", "networkwifi1", "domain:home", "color:red", "a b c"};
  HttpResult updated = http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", good}}}});
  EXPECT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource()["lbl"], good);
  std::string created = createContainer(ae.id, ae.path, {{"lbl", good}});
  EXPECT_FALSE(created.empty());
}

// m2m:contentInfo (TS-0004 Table 6.3.3-1): a media type, ':', an m2m:encodingType (0..2, Table
// 6.3.4.2.28-1) and optionally ':' and an m2m:contentSecurity (0..5, Table 6.3.4.2.38-1).
TEST_F(ConformanceValidationTest, ContentInfoFollowsItsFormat) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(cnt.empty());
  for (const char* cnf : {"text", "text:0", "text/plain:0:0:0", "text/plain:9", "text/plain:0:6",
                          "text/plain", "text/plain:0:"}) {
    std::string rn = uniqueName("cin");
    expectRefused(
        http().create(ae.id, cnt, 4, {{"m2m:cin", {{"rn", rn}, {"con", "x"}, {"cnf", cnf}}}}), 4000,
        {"cnf", "contentInfo"});
    expectAbsent(ae.id, cnt + "/" + rn);
  }
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource().value("cni", -1), 0);
  // The examples of Table 6.3.3-1, and text/plain with each encoding type.
  for (const char* cnf : {"application/xml:1", "application/xml:1:0", "application/xml:1:5",
                          "text/plain:0", "text/plain:1", "text/plain:2"}) {
    HttpResult created = http().create(ae.id, cnt, 4, {{"m2m:cin", {{"con", "x"}, {"cnf", cnf}}}});
    EXPECT_EQ(created.rsc, 2001) << created;
    EXPECT_EQ(created.resource().value("cnf", ""), cnf);
  }
}

// <AE> contentSerialization is m2m:serializations (TS-0004 Table 6.3.3-1: "xml", "json",
// "cbor", at least one member); the media types the CSEBase advertises in its own csz are
// accepted too.
TEST_F(ConformanceValidationTest, AeContentSerializationIsSerializations) {
  Json advertised = http().retrieve(kAdmin, kCseBase).resource()["csz"];
  ASSERT_TRUE(advertised.is_array() && !advertised.empty()) << advertised;
  for (const Json& csz : {Json{"wrong"}, Json{"json", "yaml"}, Json::array()}) {
    std::string rn = uniqueName("ae");
    expectRefused(
        http().create(
            "C" + rn, kCseBase, 2,
            {{"m2m:ae",
              {{"rn", rn}, {"api", "N" + rn}, {"rr", false}, {"srv", {"3"}}, {"csz", csz}}}}),
        4000, {"csz"});
    expectAbsent(kAdmin, std::string(kCseBase) + "/" + rn);
  }
  Ae ae = registerAe();
  for (const Json& csz : {Json{"json"}, Json{"xml", "json", "cbor"}, advertised}) {
    HttpResult updated = http().update(ae.id, ae.path, {{"m2m:ae", {{"csz", csz}}}});
    EXPECT_EQ(updated.rsc, 2004) << updated;
    EXPECT_EQ(http().retrieve(ae.id, ae.path).resource()["csz"], csz);
  }
  expectRefused(http().update(ae.id, ae.path, {{"m2m:ae", {{"csz", {"wrong"}}}}}), 4000, {"csz"});
  EXPECT_EQ(http().retrieve(ae.id, ae.path).resource()["csz"], advertised);
  std::string rn = uniqueName("ae");
  HttpResult created = http().create(
      "C" + rn, kCseBase, 2,
      {{"m2m:ae",
        {{"rn", rn}, {"api", "N" + rn}, {"rr", false}, {"srv", {"3"}}, {"csz", advertised}}}});
  EXPECT_EQ(created.rsc, 2001) << created;
}

// <accessControlPolicy> selfPrivileges: "At least one accessControlRule shall be present"
// (TS-0004 Table 7.4.2.1-3); a CREATE without one, or an UPDATE that removes them all, is
// BAD_REQUEST (§7.4.2.2.1, §7.4.2.2.3). privileges has no such constraint.
TEST_F(ConformanceValidationTest, AcpSelfPrivilegesNeedARule) {
  Ae ae = registerAe();
  Json owner_rule = {{"acr", {{{"acor", {ae.id}}, {"acop", 63}}}}};
  for (const Json& pvs : {Json{{"acr", Json::array()}}, Json::object()}) {
    std::string rn = uniqueName("acp");
    expectRefused(http().create(ae.id, ae.path, 1,
                                {{"m2m:acp", {{"rn", rn}, {"pv", owner_rule}, {"pvs", pvs}}}}),
                  4000, {"pvs", "accessControlRule"});
    expectAbsent(ae.id, ae.path + "/" + rn);
  }
  std::string rn = uniqueName("acp");
  HttpResult created = http().create(
      ae.id, ae.path, 1,
      {{"m2m:acp", {{"rn", rn}, {"pv", {{"acr", Json::array()}}}, {"pvs", owner_rule}}}});
  ASSERT_EQ(created.rsc, 2001) << created;
  std::string acp = ae.path + "/" + rn;
  for (const Json& pvs : {Json{{"acr", Json::array()}}, Json::object()}) {
    expectRefused(http().update(ae.id, acp, {{"m2m:acp", {{"pvs", pvs}}}}), 4000,
                  {"pvs", "accessControlRule"});
    EXPECT_EQ(http().retrieve(ae.id, acp).resource()["pvs"], owner_rule);
  }
  HttpResult emptied_pv =
      http().update(ae.id, acp, {{"m2m:acp", {{"pv", {{"acr", Json::array()}}}}}});
  EXPECT_EQ(emptied_pv.rsc, 2004) << emptied_pv;
}

// TS-0001 Table 7.2-1, App-ID: registered App-IDs start with 'R', "however 'r' is permitted as an
// alternative. NOTE: Use of 'r' will be forbidden from release 4 onwards."
TEST_F(ConformanceValidationTest, LowercaseRAppIdIsForbiddenFromRelease4) {
  for (const char* rvi : {"4", "5"}) {
    std::string rn = uniqueName("ae");
    expectRefused(registerWithRvi(rn, "ra01.com.example.app", rvi), 4000, {"api", "release 4"});
    expectAbsent(kAdmin, std::string(kCseBase) + "/" + rn);
    std::string upper = uniqueName("ae");
    HttpResult registered = registerWithRvi(upper, "Ra01.com.example.app", rvi);
    EXPECT_EQ(registered.rsc, 2001) << registered;
    std::string non_registered = uniqueName("ae");
    registered = registerWithRvi(non_registered, "Nrk836", rvi);
    EXPECT_EQ(registered.rsc, 2001) << registered;
  }
  // Before release 4 'r' is still permitted.
  for (const char* rvi : {"2a", "3"}) {
    std::string rn = uniqueName("ae");
    HttpResult registered = registerWithRvi(rn, "ra01.com.example.app", rvi);
    EXPECT_EQ(registered.rsc, 2001) << rvi << ": " << registered;
    EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/" + rn).resource()["api"],
              "ra01.com.example.app");
  }
}

// rqet and rset are m2m:absRelTimestamp, a union of m2m:timestamp and xs:long (TS-0004 Table
// 6.3.3-1): a negative relative value is a time in the past, so the request has already expired
// and is answered REQUEST_TIMEOUT (§7.3.2.1), not BAD_REQUEST.
TEST_F(ConformanceValidationTest, NegativeRelativeExpirationIsATimeout) {
  Ae ae = registerAe();
  for (const char* header : {"X-M2M-RET", "X-M2M-RST"}) {
    std::string rn = uniqueName("cnt");
    HttpResult expired = createContainerWithHeader(ae, rn, header, "-1000");
    expectRefused(expired, 4008, {header == std::string("X-M2M-RET") ? "rqet" : "rset"});
    expectAbsent(ae.id, ae.path + "/" + rn);
    HttpResult in_time = createContainerWithHeader(ae, uniqueName("cnt"), header, "60000");
    EXPECT_EQ(in_time.rsc, 2001) << in_time;
  }
}

// <subscription> enc.chty: "If the Originator provides a value of childResourceType which is not a
// valid child of the subscribed-to resource, the request shall be rejected with ... BAD_REQUEST"
// (TS-0004 §7.4.8.2.1 CREATE, §7.4.8.2.3 UPDATE). Children of <container> (TS-0001 Table
// 9.6.6-1): container (3), contentInstance (4), subscription (23); an <AE> (2) is not one.
TEST_F(ConformanceValidationTest, SubscriptionChildTypesMustBeChildrenOfTheTarget) {
  NotificationReceiver receiver;
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(cnt.empty());
  auto subscription = [&](const std::string& rn, Json chty) {
    return Json{{"m2m:sub",
                 {{"rn", rn},
                  {"nu", {receiver.url("/n")}},
                  {"enc", {{"net", {3}}, {"chty", std::move(chty)}}}}}};
  };
  for (const Json& chty : {Json{2}, Json{4, 2}, Json{5}}) {
    std::string rn = uniqueName("sub");
    expectRefused(http().create(ae.id, cnt, 23, subscription(rn, chty)), 4000, {"chty", "child"});
    expectAbsent(ae.id, cnt + "/" + rn);
  }
  std::string rn = uniqueName("sub");
  HttpResult created = http().create(ae.id, cnt, 23, subscription(rn, {3, 4, 23}));
  ASSERT_EQ(created.rsc, 2001) << created;
  std::string sub = cnt + "/" + rn;
  Json stored_enc = http().retrieve(ae.id, sub).resource()["enc"];
  EXPECT_EQ(stored_enc["chty"], Json({3, 4, 23}));
  expectRefused(http().update(ae.id, sub, {{"m2m:sub", {{"enc", {{"net", {3}}, {"chty", {2}}}}}}}),
                4000, {"chty"});
  EXPECT_EQ(http().retrieve(ae.id, sub).resource()["enc"], stored_enc);
  HttpResult updated =
      http().update(ae.id, sub, {{"m2m:sub", {{"enc", {{"net", {3}}, {"chty", {4}}}}}}});
  EXPECT_EQ(updated.rsc, 2004) << updated;
  // Under an <AE>, an <AE> is still no child, a <container> is.
  std::string on_ae = uniqueName("sub");
  expectRefused(http().create(ae.id, ae.path, 23, subscription(on_ae, {2})), 4000, {"chty"});
  expectAbsent(ae.id, ae.path + "/" + on_ae);
  created = http().create(ae.id, ae.path, 23, subscription(on_ae, {3}));
  EXPECT_EQ(created.rsc, 2001) << created;
}

}  // namespace
}  // namespace citadel::testing
