// <role> (ty 31), <token> (ty 32) and <dynamicAuthorizationConsultation> (ty 34) over HTTP
// against the real binary (TS-0004 §7.4.40, §7.4.41, §7.4.36): the generic CRUD procedures
// with their write-once attributes, the format checks (4000), the parent rules (4108), their
// listing in the CSEBase srt, and the default access of a non-admin originator (4103).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

constexpr const char* kJws = "eyJhbGciOiJFUzI1NiJ9.eyJqdGkiOiJ0MUBkYXMuY29tIn0.c2lnbmF0dXJl";

class SecurityResourcesTest : public CseFixture {
 protected:
  Json roleBody(const std::string& rn, const std::string& rlid) {
    return {{"m2m:rol",
             {{"rn", rn},
              {"rlid", rlid},
              {"tkis", kAdmin},
              {"tkhd", "Cholder"},
              {"tknb", "20240101T000000"},
              {"tkna", "20991231T235959"},
              {"rlnm", "reader"}}}};
  }

  Json tokenBody(const std::string& rn, const std::string& tkid) {
    Json rule = {{"acor", {"Cholder"}}, {"acop", 2}};
    Json permission = {{"ris", {"id-in"}}, {"pv", {{"acr", Json::array({rule})}}}};
    return {{"m2m:tk",
             {{"rn", rn},
              {"tkid", tkid},
              {"tkob", kJws},
              {"tkhd", "Cholder"},
              {"tkps", {{"pm", Json::array({permission})}}}}}};
  }

  Json dacBody(const std::string& rn) {
    return {{"m2m:dac", {{"rn", rn}, {"dae", true}, {"dap", {"http://127.0.0.1:9/das"}}}}};
  }

  // Creates `body` (of type `ty`) under the CSEBase as the admin; returns its path.
  std::string createAsAdmin(int ty, const Json& body) {
    HttpResult r = http().create(kAdmin, kCseBase, ty, body);
    EXPECT_EQ(r.rsc, 2001) << r;
    return std::string(kCseBase) + "/" + body.begin()->value("rn", "");
  }

  static void expectBadRequest(const HttpResult& r, const std::string& mentions) {
    EXPECT_EQ(r.rsc, 4000) << r;
    EXPECT_EQ(r.http_status, 400) << r;
    EXPECT_NE(r.dbg().find(mentions), std::string::npos) << r;
  }
};

TEST_F(SecurityResourcesTest, ListsTheNewTypesInTheCseBaseSrt) {
  HttpResult cb = http().retrieve(kAdmin, kCseBase);
  ASSERT_EQ(cb.rsc, 2000) << cb;
  Json srt = cb.resource().value("srt", Json::array());
  for (int ty : {31, 32, 34}) {
    EXPECT_NE(std::find(srt.begin(), srt.end(), Json(ty)), srt.end()) << ty << " in " << srt;
  }
}

TEST_F(SecurityResourcesTest, CreatesRetrievesUpdatesAndDeletesARole) {
  std::string rn = uniqueName("rol");
  std::string rlid = rn + "@role-issuer.example.com";
  HttpResult created = http().create(kAdmin, kCseBase, 31, roleBody(rn, rlid));
  ASSERT_EQ(created.rsc, 2001) << created;
  ASSERT_TRUE(created.json.contains("m2m:rol")) << created;
  EXPECT_EQ(created.resource().value("ty", 0), 31);
  EXPECT_EQ(created.resource().value("rlid", ""), rlid);
  EXPECT_EQ(created.resource().value("pi", ""), "id-in");
  EXPECT_TRUE(created.resource().value("ri", "").starts_with("rol")) << created;
  std::string path = std::string(kCseBase) + "/" + rn;

  HttpResult got = http().retrieve(kAdmin, path);
  ASSERT_EQ(got.rsc, 2000) << got;
  EXPECT_EQ(got.resource().value("tkhd", ""), "Cholder");
  EXPECT_EQ(got.resource().value("tkna", ""), "20991231T235959");

  // tokenLink, labels and access are RW (TS-0004 Table 7.4.40.1-3).
  HttpResult updated =
      http().update(kAdmin, path, {{"m2m:rol", {{"rltl", "/id-in/tk1"}, {"lbl", {"k:v"}}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(updated.resource().value("rltl", ""), "/id-in/tk1");
  // The role assignment itself is write-once.
  Json write_once = {{"rlid", "other@role-issuer.example.com"},
                     {"tkhd", "Cother"},
                     {"tkis", "Cother"},
                     {"tknb", "20250101T000000"},
                     {"tkna", "20250101T000000"},
                     {"rlnm", "writer"}};
  for (const auto& [name, value] : write_once.items()) {
    expectBadRequest(http().update(kAdmin, path, {{"m2m:rol", {{name, value}}}}), name);
  }
  EXPECT_EQ(http().retrieve(kAdmin, path).resource().value("rlid", ""), rlid);

  HttpResult deleted = http().remove(kAdmin, path);
  ASSERT_EQ(deleted.rsc, 2002) << deleted;
  EXPECT_EQ(http().retrieve(kAdmin, path).rsc, 4004);
}

TEST_F(SecurityResourcesTest, RefusesMalformedRoles) {
  std::string rn = uniqueName("rol");
  Json body = roleBody(rn, "not-a-role-id");
  expectBadRequest(http().create(kAdmin, kCseBase, 31, body), "rlid");
  body = roleBody(rn, "r@Issuer.COM");
  expectBadRequest(http().create(kAdmin, kCseBase, 31, body), "rlid");
  body = roleBody(rn, "r@issuer.com");
  body["m2m:rol"]["tknb"] = "20300101T000000";
  body["m2m:rol"]["tkna"] = "20290101T000000";
  expectBadRequest(http().create(kAdmin, kCseBase, 31, body), "tknb");
  body = roleBody(rn, "r@issuer.com");
  body["m2m:rol"].erase("tkhd");
  expectBadRequest(http().create(kAdmin, kCseBase, 31, body), "tkhd");
  body = roleBody(rn, "r@issuer.com");
  body["m2m:rol"]["tkis"] = 5;
  expectBadRequest(http().create(kAdmin, kCseBase, 31, body), "tkis");
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/" + rn).rsc, 4004);
}

TEST_F(SecurityResourcesTest, CreatesRetrievesUpdatesAndDeletesAToken) {
  std::string rn = uniqueName("tk");
  std::string tkid = rn + "@das.example.com";
  HttpResult created = http().create(kAdmin, kCseBase, 32, tokenBody(rn, tkid));
  ASSERT_EQ(created.rsc, 2001) << created;
  ASSERT_TRUE(created.json.contains("m2m:tk")) << created;
  EXPECT_EQ(created.resource().value("ty", 0), 32);
  EXPECT_EQ(created.resource().value("tkob", ""), kJws);
  std::string path = std::string(kCseBase) + "/" + rn;

  HttpResult got = http().retrieve(kAdmin, path);
  ASSERT_EQ(got.rsc, 2000) << got;
  EXPECT_EQ(got.resource().value("tkid", ""), tkid);
  EXPECT_TRUE(got.resource()["tkps"]["pm"].is_array()) << got;

  HttpResult updated = http().update(
      kAdmin, path, {{"m2m:tk", {{"lbl", {"issued"}}, {"et", "20991231T235959"}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(updated.resource().value("lbl", Json()), Json({"issued"}));
  // Everything else about an issued token is immutable.
  expectBadRequest(http().update(kAdmin, path, {{"m2m:tk", {{"tkob", "a.b.c"}}}}), "tkob");
  expectBadRequest(http().update(kAdmin, path, {{"m2m:tk", {{"tkhd", "Cother"}}}}), "tkhd");
  expectBadRequest(http().update(kAdmin, path, {{"m2m:tk", {{"cstn", "Cother"}}}}), "cstn");
  EXPECT_EQ(http().retrieve(kAdmin, path).resource().value("tkob", ""), kJws);

  // A tokenID names one token: a second <token> with it is a conflict, until the first is gone.
  HttpResult twin = http().create(kAdmin, kCseBase, 32, tokenBody(rn + "b", tkid));
  EXPECT_EQ(twin.rsc, 4105) << twin;
  EXPECT_NE(twin.dbg().find("tkid"), std::string::npos) << twin;

  ASSERT_EQ(http().remove(kAdmin, path).rsc, 2002);
  EXPECT_EQ(http().retrieve(kAdmin, path).rsc, 4004);
  EXPECT_EQ(http().create(kAdmin, kCseBase, 32, tokenBody(rn + "c", tkid)).rsc, 2001)
      << "the ID is free again once its token is deleted";
}

TEST_F(SecurityResourcesTest, RefusesMalformedTokensWithoutEchoingTheTokenObject) {
  std::string rn = uniqueName("tk");
  Json body = tokenBody(rn, "t1@das.example.com");
  body["m2m:tk"]["tkob"] = "eyJhbGciOiJub25lIn0.c2VjcmV0Cg";
  HttpResult bad_object = http().create(kAdmin, kCseBase, 32, body);
  expectBadRequest(bad_object, "tkob");
  EXPECT_EQ(bad_object.body.find("c2VjcmV0Cg"), std::string::npos) << bad_object;
  body["m2m:tk"]["tkob"] = std::string(20000, 'A') + ".e30.c2ln";
  expectBadRequest(http().create(kAdmin, kCseBase, 32, body), "tkob");

  body = tokenBody(rn, "t1 @das.example.com");
  expectBadRequest(http().create(kAdmin, kCseBase, 32, body), "tkid");
  body = tokenBody(rn, "t1@das.example.com");
  Json without_ris = {{"pv", {{"acr", Json::array()}}}};
  body["m2m:tk"]["tkps"] = {{"pm", Json::array({without_ris})}};
  expectBadRequest(http().create(kAdmin, kCseBase, 32, body), "ris");
  body["m2m:tk"]["tkps"] = {{"pm", Json::array()}};
  expectBadRequest(http().create(kAdmin, kCseBase, 32, body), "pm");
  body["m2m:tk"]["tkps"] = "all";
  expectBadRequest(http().create(kAdmin, kCseBase, 32, body), "tkps");
  body = tokenBody(rn, "t1@das.example.com");
  body["m2m:tk"].erase("tkob");
  expectBadRequest(http().create(kAdmin, kCseBase, 32, body), "tkob");
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/" + rn).rsc, 4004);
}

TEST_F(SecurityResourcesTest, CreatesRetrievesUpdatesAndDeletesADac) {
  std::string rn = uniqueName("dac");
  HttpResult created = http().create(kAdmin, kCseBase, 34, dacBody(rn));
  ASSERT_EQ(created.rsc, 2001) << created;
  ASSERT_TRUE(created.json.contains("m2m:dac")) << created;
  EXPECT_EQ(created.resource().value("ty", 0), 34);
  EXPECT_EQ(created.resource().value("dae", false), true);
  std::string path = std::string(kCseBase) + "/" + rn;
  ASSERT_EQ(http().retrieve(kAdmin, path).rsc, 2000);

  HttpResult updated = http().update(
      kAdmin, path,
      {{"m2m:dac",
        {{"dae", false}, {"dap", {"coaps://das.example.com", "https://das.example.com/x"}},
         {"dal", "20991231T235959"}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(updated.resource().value("dae", true), false);
  EXPECT_EQ(updated.resource()["dap"].size(), 2u);
  expectBadRequest(http().update(kAdmin, path, {{"m2m:dac", {{"dap", Json::array()}}}}), "dap");
  expectBadRequest(http().update(kAdmin, path, {{"m2m:dac", {{"dap", {"ftp://das"}}}}}), "dap");
  expectBadRequest(http().update(kAdmin, path, {{"m2m:dac", {{"dap", nullptr}}}}), "dap");
  expectBadRequest(http().update(kAdmin, path, {{"m2m:dac", {{"dae", "yes"}}}}), "dae");
  expectBadRequest(http().update(kAdmin, path, {{"m2m:dac", {{"rn", "renamed"}}}}), "rn");

  ASSERT_EQ(http().remove(kAdmin, path).rsc, 2002);
  EXPECT_EQ(http().retrieve(kAdmin, path).rsc, 4004);
}

TEST_F(SecurityResourcesTest, RefusesMalformedDacs) {
  std::string rn = uniqueName("dac");
  Json body = dacBody(rn);
  body["m2m:dac"]["dap"] = {"file:///etc/passwd"};
  expectBadRequest(http().create(kAdmin, kCseBase, 34, body), "dap");
  body["m2m:dac"]["dap"] = Json::array();
  expectBadRequest(http().create(kAdmin, kCseBase, 34, body), "dap");
  body = dacBody(rn);
  body["m2m:dac"].erase("dae");
  expectBadRequest(http().create(kAdmin, kCseBase, 34, body), "dae");
}

TEST_F(SecurityResourcesTest, AcceptsADacUnderAnAeButNoRoleOrTokenThere) {
  Ae ae = registerAe();
  HttpResult dac = http().create(kAdmin, ae.path, 34, dacBody(uniqueName("dac")));
  EXPECT_EQ(dac.rsc, 2001) << dac;
  // TS-0001 Table 9.6.5-1: <role> and <token> are children of the CSEBase only.
  for (const auto& [ty, body] :
       {std::pair<int, Json>{31, roleBody(uniqueName("rol"), "r@issuer.com")},
        std::pair<int, Json>{32, tokenBody(uniqueName("tk"), "t@issuer.com")}}) {
    HttpResult r = http().create(kAdmin, ae.path, ty, body);
    EXPECT_EQ(r.rsc, 4108) << ty << ": " << r;
    EXPECT_EQ(r.http_status, 403) << r;
  }
  std::string cnt = createContainer(ae.id, ae.path);
  EXPECT_EQ(http().create(kAdmin, cnt, 34, dacBody(uniqueName("dac"))).rsc, 4108);
  // Nor is anything but a <subscription> a child of the new types.
  std::string role = createAsAdmin(31, roleBody(uniqueName("rol"), "r2@issuer.com"));
  EXPECT_EQ(http().create(kAdmin, role, 3, {{"m2m:cnt", Json::object()}}).rsc, 4108);
}

TEST_F(SecurityResourcesTest, DeniesANonAdminOriginatorWithoutPrivilege) {
  Ae ae = registerAe();
  // The CSEBase's default ACP grants everyone RETRIEVE and DISCOVERY only.
  EXPECT_EQ(http().create(ae.id, kCseBase, 31, roleBody(uniqueName("rol"), "r@issuer.com")).rsc,
            4103);
  EXPECT_EQ(http().create(ae.id, kCseBase, 32, tokenBody(uniqueName("tk"), "t@issuer.com")).rsc,
            4103);
  EXPECT_EQ(http().create(ae.id, kCseBase, 34, dacBody(uniqueName("dac"))).rsc, 4103);
  // Without acpi, only the creator (the admin) may touch them.
  struct Created {
    std::string path;
    std::string root;
  };
  std::vector<Created> created = {
      {createAsAdmin(31, roleBody(uniqueName("rol"), "r3@issuer.com")), "m2m:rol"},
      {createAsAdmin(32, tokenBody(uniqueName("tk"), "t3@issuer.com")), "m2m:tk"},
      {createAsAdmin(34, dacBody(uniqueName("dac"))), "m2m:dac"},
  };
  for (const Created& c : created) {
    HttpResult got = http().retrieve(ae.id, c.path);
    EXPECT_EQ(got.rsc, 4103) << c.path << ": " << got;
    EXPECT_EQ(got.http_status, 403) << got;
    EXPECT_EQ(http().update(ae.id, c.path, {{c.root, {{"lbl", {"x"}}}}}).rsc, 4103) << c.path;
    EXPECT_EQ(http().remove(ae.id, c.path).rsc, 4103) << c.path;
    EXPECT_EQ(http().retrieve(kAdmin, c.path).rsc, 2000) << "still there: " << c.path;
  }
}

}  // namespace
}  // namespace citadel::testing
