// The <fanOutPoint> of a <group> (TS-0004 §7.4.14, TS-0001 §10.2.7.6-.10), over HTTP against the
// real binary: a request to <group>/fopt[/path] reaches every member (plus the path), each
// member's answer comes back in one m2m:aggregatedResponse, the group's macp admits the request
// and each member's own policies decide for it, Group Request Identifiers stop duplicates and
// loops. Every effect is checked in the resource tree.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class GroupFanOutTest : public CseFixture {
 protected:
  // "cse-in/x/y" for "/cse-in/x/y": the CSE-relative ID memberIDs holds.
  static std::string memberId(const std::string& path) { return path.substr(1); }

  std::string createGroup(const std::string& originator, const std::string& parent, Json attrs) {
    if (!attrs.contains("rn")) attrs["rn"] = uniqueName("grp");
    if (!attrs.contains("mnm")) attrs["mnm"] = 10;
    HttpResult r = http().create(originator, parent, 9, {{"m2m:grp", attrs}});
    EXPECT_EQ(r.rsc, 2001) << r;
    return parent + "/" + attrs["rn"].get<std::string>();
  }

  // An ACP under the CSEBase granting `acop` to `originator` (the admin keeps pvs).
  std::string acpGranting(const std::string& originator, int acop) {
    Json pv = {{"acr", {{{"acor", {originator}}, {"acop", acop}}}}};
    Json pvs = {{"acr", {{{"acor", {kAdmin}}, {"acop", 63}}}}};
    HttpResult acp = http().create(
        kAdmin, kCseBase, 1, {{"m2m:acp", {{"rn", uniqueName("acp")}, {"pv", pv}, {"pvs", pvs}}}});
    EXPECT_EQ(acp.rsc, 2001) << acp;
    return acp.resource().value("ri", "");
  }

  static const Json& answers(const HttpResult& r) { return r.json["m2m:agr"]["m2m:rsp"]; }

  // The entry of `answers` whose fr is `member`; an empty object when there is none.
  static Json answerOf(const HttpResult& r, const std::string& member) {
    for (const auto& entry : answers(r)) {
      if (entry.is_object() && entry.value("fr", "") == member) return entry;
    }
    return Json::object();
  }
};

TEST_F(GroupFanOutTest, CreatesUnderEveryMemberAndAggregatesTheAnswers) {
  Ae owner = registerAe("fo");
  std::string c1 = createContainer(owner.id, owner.path);
  std::string c2 = createContainer(owner.id, owner.path);
  std::string group = createGroup(owner.id, owner.path, {{"mid", {memberId(c1), memberId(c2)}}});

  HttpResult r = http().create(owner.id, group + "/fopt", 4, {{"m2m:cin", {{"con", "on"}}}});
  ASSERT_EQ(r.rsc, 2000) << "OK whatever the members answered (§7.4.14.2.5): " << r;
  ASSERT_EQ(answers(r).size(), 2u) << r;
  for (const std::string& member : {c1, c2}) {
    Json entry = answerOf(r, memberId(member));
    ASSERT_FALSE(entry.empty()) << "no answer from " << member << ": " << r;
    EXPECT_EQ(entry.value("rsc", 0), 2001) << entry;
    EXPECT_EQ(entry["pc"]["m2m:cin"].value("con", ""), "on") << entry;
    HttpResult latest = http().retrieve(owner.id, member + "/la");
    ASSERT_EQ(latest.rsc, 2000) << "not created under " << member << ": " << latest;
    EXPECT_EQ(latest.resource().value("con", ""), "on");
    EXPECT_EQ(latest.resource().value("ri", ""), entry["pc"]["m2m:cin"].value("ri", "-"));
  }
}

TEST_F(GroupFanOutTest, AppendsThePathAfterFoptToEveryMember) {
  Ae owner = registerAe("fp");
  std::string c1 = createContainer(owner.id, owner.path);
  std::string c2 = createContainer(owner.id, owner.path);
  ASSERT_EQ(createCin(owner.id, c1, "one").rsc, 2001);
  ASSERT_EQ(createCin(owner.id, c2, "two").rsc, 2001);
  std::string group = createGroup(owner.id, owner.path, {{"mid", {memberId(c1), memberId(c2)}}});

  HttpResult r = http().retrieve(owner.id, group + "/fopt/la");
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(answerOf(r, memberId(c1))["pc"]["m2m:cin"].value("con", ""), "one") << r;
  EXPECT_EQ(answerOf(r, memberId(c2))["pc"]["m2m:cin"].value("con", ""), "two") << r;
  HttpResult missing = http().retrieve(owner.id, group + "/fopt/nothing");
  ASSERT_EQ(missing.rsc, 2000) << missing;
  EXPECT_EQ(answerOf(missing, memberId(c1)).value("rsc", 0), 4004) << missing;
}

// The group's macp admits the originator to the fan-out; it grants nothing on the members,
// whose own ACPs decide each member request (no privilege is gained through a group).
TEST_F(GroupFanOutTest, MacpAdmitsAndEveryMemberDecidesForItself) {
  Ae user = registerAe("fu");
  Ae stranger = registerAe("fs");
  std::string readable =
      createContainer(kAdmin, kCseBase, {{"acpi", {acpGranting(user.id, 2)}}});
  std::string closed = createContainer(kAdmin, kCseBase);
  std::string group = createGroup(
      kAdmin, kCseBase,
      {{"mid", {memberId(readable), memberId(closed)}}, {"macp", {acpGranting(user.id, 63)}}});

  EXPECT_EQ(http().retrieve(user.id, group).rsc, 4103)
      << "the group itself is the admin's: macp governs its fanOutPoint only";
  HttpResult r = http().retrieve(user.id, group + "/fopt");
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(answerOf(r, memberId(readable)).value("rsc", 0), 2000) << r;
  Json denied = answerOf(r, memberId(closed));
  EXPECT_EQ(denied.value("rsc", 0), 4103) << r;
  EXPECT_FALSE(denied.contains("pc") && denied["pc"].contains("m2m:cnt")) << r;

  HttpResult refused = http().retrieve(stranger.id, group + "/fopt");
  EXPECT_EQ(refused.rsc, 4103) << "macp does not name the stranger: " << refused;
  EXPECT_FALSE(refused.json.contains("m2m:agr")) << refused;
  HttpResult write = http().create(stranger.id, group + "/fopt", 4, {{"m2m:cin", {{"con", "x"}}}});
  EXPECT_EQ(write.rsc, 4103) << write;
  EXPECT_EQ(http().retrieve(kAdmin, readable + "/la").rsc, 4004) << "nothing was created";
}

TEST_F(GroupFanOutTest, DeletesEveryMemberAndTheGroupLosesThem) {
  Ae owner = registerAe("fd");
  std::string c1 = createContainer(owner.id, owner.path);
  std::string c2 = createContainer(owner.id, owner.path);
  std::string group = createGroup(owner.id, owner.path, {{"mid", {memberId(c1), memberId(c2)}}});

  HttpResult r = http().remove(owner.id, group + "/fopt");
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(answerOf(r, memberId(c1)).value("rsc", 0), 2002) << r;
  EXPECT_EQ(answerOf(r, memberId(c2)).value("rsc", 0), 2002) << r;
  EXPECT_EQ(http().retrieve(owner.id, c1).rsc, 4004);
  EXPECT_EQ(http().retrieve(owner.id, c2).rsc, 4004);
  HttpResult left = http().retrieve(owner.id, group);
  ASSERT_EQ(left.rsc, 2000) << left;
  EXPECT_EQ(left.resource().value("cnm", -1), 0) << left;
  HttpResult empty = http().retrieve(owner.id, group + "/fopt");
  EXPECT_EQ(empty.rsc, 4109) << "NO_MEMBERS (§7.4.14.2.4): " << empty;
}

// A sub-group's fanOutPoint as a member contributes its members' answers; a loop (each group
// the other's member) ends at the Group Request Identifier check with 4104 for the resource
// reached twice, and every resource runs the request once.
TEST_F(GroupFanOutTest, FlattensSubGroupsAndStopsLoopsAtTheGroupRequestIdentifier) {
  Ae owner = registerAe("fl");
  std::string c1 = createContainer(owner.id, owner.path);
  std::string c2 = createContainer(owner.id, owner.path);
  std::string inner = createGroup(owner.id, owner.path, {{"mid", {memberId(c2)}}});
  std::string outer = createGroup(owner.id, owner.path,
                                  {{"mid", {memberId(c1), memberId(inner) + "/fopt"}}});
  HttpResult loop = http().update(
      owner.id, inner, {{"m2m:grp", {{"mid", {memberId(c2), memberId(outer) + "/fopt"}}}}});
  ASSERT_EQ(loop.rsc, 2004) << loop;

  HttpResult r = http().create(owner.id, outer + "/fopt", 4, {{"m2m:cin", {{"con", "once"}}}});
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(answerOf(r, memberId(c1)).value("rsc", 0), 2001) << r;
  EXPECT_EQ(answerOf(r, memberId(c2)).value("rsc", 0), 2001) << "flattened from the sub-group: " << r;
  Json again = answerOf(r, memberId(outer) + "/fopt");
  EXPECT_EQ(again.value("rsc", 0), 4104) << "the loop back to the outer group stops: " << r;
  EXPECT_EQ(answers(r).size(), 3u) << r;
  for (const std::string& member : {c1, c2}) {
    HttpResult count = http().retrieve(owner.id, member);
    EXPECT_EQ(count.resource().value("cni", -1), 1) << member << " ran the request once";
  }
}

// TS-0004 §7.3.3.2: a request whose gid already reached the same target is refused with 4104.
TEST_F(GroupFanOutTest, RefusesAGroupRequestIdentifierSeenForTheSameTarget) {
  Ae owner = registerAe("fg");
  std::string c1 = createContainer(owner.id, owner.path);
  std::string c2 = createContainer(owner.id, owner.path);
  auto withGid = [&](const std::string& path, const std::string& gid) {
    return http().raw("GET", path,
                      {{"X-M2M-Origin", owner.id},
                       {"X-M2M-RI", HttpClient::nextRequestId()},
                       {"X-M2M-RVI", "3"},
                       {"X-M2M-GID", gid},
                       {"Accept", "application/json"}});
  };
  std::string gid = uniqueName("gid");
  EXPECT_EQ(withGid(c1, gid).rsc, 2000);
  HttpResult twice = withGid(c1, gid);
  EXPECT_EQ(twice.rsc, 4104) << twice;
  EXPECT_EQ(withGid(c2, gid).rsc, 2000) << "another target with the same gid is a new request";
  EXPECT_EQ(withGid(c1, uniqueName("gid")).rsc, 2000);
}

}  // namespace
}  // namespace citadel::testing
