// CREATE / RETRIEVE / UPDATE / DELETE of AE, container, contentInstance and ACP over HTTP
// (TS-0004 §7.3.3, TS-0009 §6), with the universal attributes and the generic error codes.
#include <gtest/gtest.h>

#include "tests/support/cse_fixture.h"
#include "tests/support/timestamps.h"

namespace citadel::testing {
namespace {

class CrudTest : public CseFixture {
 protected:
  // The universal attributes every resource carries (TS-0001 §9.6.1.3).
  static void expectUniversalAttributes(const Json& resource, int ty) {
    ASSERT_TRUE(resource.is_object()) << resource;
    for (const char* name : {"ri", "rn", "pi", "ty", "ct", "lt", "et"}) {
      EXPECT_TRUE(resource.contains(name)) << "missing " << name << " in " << resource;
    }
    EXPECT_EQ(resource.value("ty", 0), ty);
    for (const char* name : {"ct", "lt", "et"}) {
      EXPECT_TRUE(parseTimestamp(resource.value(name, "")).has_value())
          << name << " is not an m2m:timestamp: " << resource;
    }
    EXPECT_FALSE(resource.value("ri", "").empty());
  }

  static Json acpBody(const std::string& rn, const std::string& owner) {
    return {{"m2m:acp",
             {{"rn", rn},
              {"pv", {{"acr", {{{"acor", {owner}}, {"acop", 2}}}}}},
              {"pvs", {{"acr", {{{"acor", {owner}}, {"acop", 63}}}}}}}}};
  }
};

TEST_F(CrudTest, CreatesAeWithUniversalAttributes) {
  std::string name = uniqueName("ae");
  Json body = {{"m2m:ae", {{"rn", name}, {"api", "Nx"}, {"rr", false}, {"srv", {"3"}}}}};
  HttpResult r = http().create("C" + name, kCseBase, 2, body);
  ASSERT_EQ(r.rsc, 2001) << r;
  EXPECT_EQ(r.http_status, 201);
  EXPECT_EQ(r.header("X-M2M-RI"), r.request_id);
  EXPECT_EQ(r.header("X-M2M-RVI"), "3");
  EXPECT_EQ(r.header("Content-Location"), "/cse-in/" + name);
  ASSERT_TRUE(r.json.contains("m2m:ae")) << r;
  expectUniversalAttributes(r.resource(), 2);
  EXPECT_EQ(r.resource().value("rn", ""), name);
  EXPECT_EQ(r.resource().value("pi", ""), "id-in");
  EXPECT_EQ(r.resource().value("ri", ""), "C" + name);
}

TEST_F(CrudTest, RetrievesUpdatesAndDeletesAe) {
  Ae ae = registerAe();
  HttpResult got = http().retrieve(ae.id, ae.path);
  ASSERT_EQ(got.rsc, 2000) << got;
  EXPECT_EQ(got.http_status, 200);
  EXPECT_EQ(got.header("X-M2M-RI"), got.request_id);
  expectUniversalAttributes(got.json["m2m:ae"], 2);

  HttpResult updated = http().update(ae.id, ae.path, {{"m2m:ae", {{"lbl", {"a:b"}}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(updated.http_status, 200);
  EXPECT_EQ(updated.resource().value("lbl", Json()), Json({"a:b"}));

  HttpResult deleted = http().remove(ae.id, ae.path);
  ASSERT_EQ(deleted.rsc, 2002) << deleted;
  EXPECT_EQ(deleted.http_status, 200);
  EXPECT_EQ(http().retrieve(kAdmin, ae.path).rsc, 4004);
}

TEST_F(CrudTest, CreatesContainerUnderAe) {
  Ae ae = registerAe();
  HttpResult r = http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "data"}, {"mni", 5}}}});
  ASSERT_EQ(r.rsc, 2001) << r;
  EXPECT_EQ(r.http_status, 201);
  EXPECT_EQ(r.header("Content-Location"), ae.path + "/data");
  const Json& cnt = r.resource();
  expectUniversalAttributes(cnt, 3);
  EXPECT_EQ(cnt.value("pi", ""), ae.id);
  EXPECT_EQ(cnt.value("mni", -1), 5);
  EXPECT_EQ(cnt.value("cni", -1), 0);
  EXPECT_EQ(cnt.value("cbs", -1), 0);
  EXPECT_EQ(cnt.value("st", -1), 0);
}

TEST_F(CrudTest, RetrievesUpdatesAndDeletesContainer) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_FALSE(cnt.empty());
  HttpResult got = http().retrieve(ae.id, cnt);
  ASSERT_EQ(got.rsc, 2000) << got;
  expectUniversalAttributes(got.json["m2m:cnt"], 3);

  HttpResult updated = http().update(ae.id, cnt, {{"m2m:cnt", {{"mni", 7}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(updated.resource().value("mni", -1), 7);
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource().value("mni", -1), 7);

  ASSERT_EQ(http().remove(ae.id, cnt).rsc, 2002);
  EXPECT_EQ(http().retrieve(ae.id, cnt).rsc, 4004);
}

TEST_F(CrudTest, CreatesRetrievesAndDeletesContentInstance) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult r = createCin(ae.id, cnt, "hello", {{"rn", "first"}});
  ASSERT_EQ(r.rsc, 2001) << r;
  EXPECT_EQ(r.header("Content-Location"), cnt + "/first");
  expectUniversalAttributes(r.resource(), 4);
  EXPECT_EQ(r.resource().value("con", ""), "hello");
  EXPECT_EQ(r.resource().value("cs", -1), 5);

  HttpResult got = http().retrieve(ae.id, cnt + "/first");
  ASSERT_EQ(got.rsc, 2000) << got;
  EXPECT_EQ(got.json["m2m:cin"].value("con", ""), "hello");
  ASSERT_EQ(http().remove(ae.id, cnt + "/first").rsc, 2002);
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/first").rsc, 4004);
}

TEST_F(CrudTest, RejectsContentInstanceUpdate) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_EQ(createCin(ae.id, cnt, "v", {{"rn", "c"}}).rsc, 2001);
  HttpResult r = http().update(ae.id, cnt + "/c", {{"m2m:cin", {{"lbl", {"x"}}}}});
  EXPECT_EQ(r.rsc, 4005) << r;  // TS-0004 §7.4.7.2.3: a contentInstance cannot be updated
  EXPECT_EQ(r.http_status, 405);
  EXPECT_FALSE(r.dbg().empty());
}

TEST_F(CrudTest, CreatesRetrievesUpdatesAndDeletesAcp) {
  Ae ae = registerAe();
  HttpResult r = http().create(ae.id, ae.path, 1, acpBody("acp", ae.id));
  ASSERT_EQ(r.rsc, 2001) << r;
  EXPECT_EQ(r.header("Content-Location"), ae.path + "/acp");
  expectUniversalAttributes(r.resource(), 1);
  EXPECT_TRUE(r.resource().contains("pv"));
  EXPECT_TRUE(r.resource().contains("pvs"));

  HttpResult got = http().retrieve(ae.id, ae.path + "/acp");
  ASSERT_EQ(got.rsc, 2000) << got;
  Json pv = {{"acr", {{{"acor", {"all"}}, {"acop", 34}}}}};
  HttpResult updated = http().update(ae.id, ae.path + "/acp", {{"m2m:acp", {{"pv", pv}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(updated.resource()["pv"], pv);
  ASSERT_EQ(http().remove(ae.id, ae.path + "/acp").rsc, 2002);
  EXPECT_EQ(http().retrieve(ae.id, ae.path + "/acp").rsc, 4004);
}

TEST_F(CrudTest, GeneratesResourceNameWhenAbsent) {
  Ae ae = registerAe();
  HttpResult r = http().create(ae.id, ae.path, 3, {{"m2m:cnt", Json::object()}});
  ASSERT_EQ(r.rsc, 2001) << r;
  std::string rn = r.resource().value("rn", "");
  ASSERT_FALSE(rn.empty());
  EXPECT_EQ(r.header("Content-Location"), ae.path + "/" + rn);
  EXPECT_EQ(http().retrieve(ae.id, ae.path + "/" + rn).rsc, 2000);
}

TEST_F(CrudTest, RejectsDuplicateResourceName) {
  Ae ae = registerAe();
  ASSERT_EQ(http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "dup"}}}}).rsc, 2001);
  HttpResult r = http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "dup"}}}});
  EXPECT_EQ(r.rsc, 4105) << r;
  EXPECT_EQ(r.http_status, 409);
  EXPECT_FALSE(r.dbg().empty());
}

TEST_F(CrudTest, AnswersNotFoundForUnknownTarget) {
  Ae ae = registerAe();
  HttpResult r = http().retrieve(ae.id, ae.path + "/nothing-here");
  EXPECT_EQ(r.rsc, 4004) << r;
  EXPECT_EQ(r.http_status, 404);
  EXPECT_FALSE(r.dbg().empty());
  EXPECT_EQ(http().create(ae.id, ae.path + "/missing", 3, {{"m2m:cnt", Json::object()}}).rsc, 4004);
  EXPECT_EQ(http().remove(kAdmin, "/no-such-ri").rsc, 4004);
}

TEST_F(CrudTest, DeleteRemovesWholeSubtree) {
  Ae ae = registerAe();
  std::string outer = createContainer(ae.id, ae.path, {{"rn", "outer"}});
  std::string inner = createContainer(ae.id, outer, {{"rn", "inner"}});
  HttpResult cin = createCin(ae.id, inner, "deep", {{"rn", "c"}});
  ASSERT_EQ(cin.rsc, 2001) << cin;
  std::string cin_ri = cin.resource().value("ri", "");
  ASSERT_EQ(http().remove(ae.id, ae.path).rsc, 2002);
  for (const std::string& path : {ae.path, outer, inner, inner + "/c", "/" + cin_ri}) {
    EXPECT_EQ(http().retrieve(kAdmin, path).rsc, 4004) << path;
  }
}

TEST_F(CrudTest, RejectsCseBaseUpdateAndDelete) {
  HttpResult updated = http().update(kAdmin, kCseBase, {{"m2m:cb", {{"lbl", {"x"}}}}});
  EXPECT_EQ(updated.rsc, 4005) << updated;  // TS-0004 §7.4.3.2.3
  EXPECT_FALSE(updated.dbg().empty());
  HttpResult deleted = http().remove(kAdmin, kCseBase);
  EXPECT_EQ(deleted.rsc, 4005) << deleted;
  EXPECT_FALSE(deleted.dbg().empty());
  EXPECT_EQ(http().retrieve(kAdmin, kCseBase).rsc, 2000);
}

TEST_F(CrudTest, RetrievesPartialAttributeList) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path, {{"rn", "p"}, {"mni", 3}});
  HttpResult r = http().retrieve(ae.id, cnt, "atrl=rn+ty");
  ASSERT_EQ(r.rsc, 2000) << r;
  ASSERT_TRUE(r.json.contains("m2m:cnt")) << r;
  EXPECT_EQ(r.json["m2m:cnt"], Json({{"rn", "p"}, {"ty", 3}}));
}

TEST_F(CrudTest, RejectsExpirationTimeInThePast) {
  Ae ae = registerAe();
  HttpResult r = http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"et", "20000101T000000"}}}});
  EXPECT_EQ(r.rsc, 4000) << r;
  EXPECT_FALSE(r.dbg().empty());
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult u = http().update(ae.id, cnt, {{"m2m:cnt", {{"et", "20000101T000000"}}}});
  EXPECT_EQ(u.rsc, 4000) << u;
}

TEST_F(CrudTest, ClampsExpirationTimeBeyondMaximum) {
  TestCse small({"--expiration.max=100", "--expiration.default=50"});
  ASSERT_TRUE(small.running());
  HttpClient client(small.port());
  std::string ae_id = client.registerAe("clamp");
  ASSERT_FALSE(ae_id.empty());
  auto before = std::chrono::system_clock::now();
  HttpResult r = client.create(ae_id, "/cse-in/clamp", 3,
                               {{"m2m:cnt", {{"rn", "c"}, {"et", "20991231T235959"}}}});
  ASSERT_EQ(r.rsc, 2001) << r;
  auto et = parseTimestamp(r.resource().value("et", ""));
  ASSERT_TRUE(et.has_value()) << r;
  EXPECT_LE(*et, before + std::chrono::seconds(102)) << r;  // TS-0001 §9.6.1.3: et is a hint
  EXPECT_GE(*et, before + std::chrono::seconds(90)) << r;
}

TEST_F(CrudTest, UpdatesAndDeletesLabels) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path, {{"lbl", {"k:v"}}});
  HttpResult set = http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"a", "b:c"}}}}});
  ASSERT_EQ(set.rsc, 2004) << set;
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource()["lbl"], Json({"a", "b:c"}));

  HttpResult cleared = http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", nullptr}}}});
  ASSERT_EQ(cleared.rsc, 2004) << cleared;  // null deletes an optional attribute
  HttpResult got = http().retrieve(ae.id, cnt);
  EXPECT_FALSE(got.resource().contains("lbl")) << got;
}

TEST_F(CrudTest, AdvancesLastModifiedTimeOnUpdate) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult before = http().retrieve(ae.id, cnt);
  HttpResult after = http().update(ae.id, cnt, {{"m2m:cnt", {{"mbs", 100}}}});
  ASSERT_EQ(after.rsc, 2004) << after;
  EXPECT_GE(after.resource().value("lt", ""), before.resource().value("lt", ""));
  EXPECT_EQ(after.resource().value("ct", ""), before.resource().value("ct", ""));
  EXPECT_EQ(after.resource().value("ri", ""), before.resource().value("ri", ""));
}

}  // namespace
}  // namespace citadel::testing
