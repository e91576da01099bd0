// Group membership by path (issue 15 #15), over HTTP against the real binary: a <group>'s
// members are bound to the resources they named when memberIDs was written, and a deleted member
// leaves every group (TS-0001 §9.6.13), so an AE that registers with a departed member's name
// (rn) or AE-ID does not inherit the rights an ACP grants the group. An acor entry names a group
// by its resource ID (TS-0001 §9.6.2.1), not by a path another group may take later.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class SecurityGroupsTest : public CseFixture {
 protected:
  // The CSE-relative structured ID of `path` ("/cse-in/x" -> "cse-in/x"), as memberIDs holds it.
  static std::string cseRelative(const std::string& path) { return path.substr(1); }

  // Creates a <group> under `parent` as `originator`; returns the response.
  HttpResult createGroup(const std::string& originator, const std::string& parent, Json attrs) {
    if (!attrs.contains("rn")) attrs["rn"] = uniqueName("grp");
    if (!attrs.contains("mnm")) attrs["mnm"] = 10;
    return http().create(originator, parent, 9, {{"m2m:grp", attrs}});
  }

  // A container under the CSEBase whose only ACP grants RETRIEVE to `acor_entry`.
  std::string containerReadableBy(const std::string& acor_entry) {
    Json pv = {{"acr", {{{"acor", {acor_entry}}, {"acop", 2}}}}};
    Json pvs = {{"acr", {{{"acor", {kAdmin}}, {"acop", 63}}}}};
    HttpResult acp = http().create(kAdmin, kCseBase, 1,
                                   {{"m2m:acp", {{"rn", uniqueName("acp")}, {"pv", pv},
                                                 {"pvs", pvs}}}});
    EXPECT_EQ(acp.rsc, 2001) << acp;
    return createContainer(kAdmin, kCseBase, {{"acpi", {acp.resource().value("ri", "")}}});
  }

  // Registers an AE with resourceName `rn` and AE-ID `stem` (From); returns the rsc.
  int registerAs(const std::string& stem, const std::string& rn) {
    Json body = {{"m2m:ae", {{"rn", rn}, {"api", "N" + rn}, {"rr", false}, {"srv", {"3"}}}}};
    HttpResult r = http().create(stem, kCseBase, 2, body);
    EXPECT_EQ(r.rsc, 2001) << r;
    return r.rsc;
  }

  Json groupOf(const std::string& ri) {
    HttpResult r = http().retrieve(kAdmin, "/" + ri);
    EXPECT_EQ(r.rsc, 2000) << r;
    return r.resource();
  }
};

// Before the fix: the newcomer read the container (2000): the path member resolved to it.
TEST_F(SecurityGroupsTest, NewcomerWithADepartedMembersNameIsNoMember) {
  Ae member = registerAe("gm");
  HttpResult group = createGroup(kAdmin, kCseBase, {{"mid", {cseRelative(member.path)}}});
  ASSERT_EQ(group.rsc, 2001) << group;
  std::string group_ri = group.resource().value("ri", "");
  std::string cnt = containerReadableBy(group_ri);
  ASSERT_EQ(http().retrieve(member.id, cnt).rsc, 2000) << "the member reads through the group";

  ASSERT_EQ(http().remove(member.id, member.path).rsc, 2002);
  Json after = groupOf(group_ri);
  EXPECT_EQ(after.value("mid", Json()), Json::array()) << "the deleted member left: " << after;
  EXPECT_EQ(after.value("cnm", -1), 0) << after;

  std::string newcomer = "C" + uniqueName("imp");
  ASSERT_EQ(registerAs(newcomer, member.name), 2001);  // same rn, so the same path
  HttpResult r = http().retrieve(newcomer, cnt);
  EXPECT_EQ(r.rsc, 4103) << "a new AE at a departed member's path got its rights: " << r;
}

// Before the fix: the re-registered AE-ID read the container (2000): the AE-ID stayed in mid.
TEST_F(SecurityGroupsTest, ReRegisteredAeIdIsNoMember) {
  Ae member = registerAe("gi");
  HttpResult group = createGroup(kAdmin, kCseBase, {{"mid", {member.id}}});
  ASSERT_EQ(group.rsc, 2001) << group;
  std::string cnt = containerReadableBy(group.resource().value("ri", ""));
  ASSERT_EQ(http().retrieve(member.id, cnt).rsc, 2000);

  ASSERT_EQ(http().remove(member.id, member.path).rsc, 2002);
  ASSERT_EQ(registerAs(member.id, member.name), 2001);  // the same AE-ID and rn again
  HttpResult r = http().retrieve(member.id, cnt);
  EXPECT_EQ(r.rsc, 4103) << "a re-registered AE-ID inherited the group's rights: " << r;
}

// Before the fix: the attacker read the container (2000) through its own group at that path.
TEST_F(SecurityGroupsTest, AcorPathNamesNoGroupSomeoneCanRecreate) {
  Ae owner = registerAe("go");
  HttpResult group = createGroup(owner.id, owner.path, {{"rn", "friends"}, {"mid", {owner.id}}});
  ASSERT_EQ(group.rsc, 2001) << group;
  std::string cnt = containerReadableBy(cseRelative(owner.path) + "/friends");
  ASSERT_EQ(http().remove(owner.id, owner.path).rsc, 2002);

  std::string attacker = "C" + uniqueName("att");
  ASSERT_EQ(registerAs(attacker, owner.name), 2001);
  ASSERT_EQ(createGroup(attacker, owner.path, {{"rn", "friends"}, {"mid", {attacker}}}).rsc,
            2001);
  HttpResult r = http().retrieve(attacker, cnt);
  EXPECT_EQ(r.rsc, 4103) << "a group re-created at the path an acor names granted: " << r;
}

TEST_F(SecurityGroupsTest, MembersDeletedWithTheirParentLeaveTheGroup) {
  Ae owner = registerAe("gs");
  std::string data = createContainer(owner.id, owner.path);
  ASSERT_FALSE(data.empty());
  Ae other = registerAe("gt");
  // A typed group of containers under another AE, and one under the same AE (deleted with it).
  HttpResult elsewhere = createGroup(other.id, other.path,
                                     {{"mt", 3}, {"mid", {cseRelative(data)}}});
  ASSERT_EQ(elsewhere.rsc, 2001) << elsewhere;
  ASSERT_EQ(elsewhere.resource().value("cnm", 0), 0) << "other may not retrieve owner's data";
  HttpResult mine = createGroup(owner.id, owner.path, {{"mt", 3}, {"mid", {cseRelative(data)}}});
  ASSERT_EQ(mine.rsc, 2001) << mine;
  ASSERT_EQ(mine.resource().value("cnm", 0), 1) << mine;
  HttpResult mixed = createGroup(kAdmin, kCseBase,
                                 {{"mid", {cseRelative(data), other.id, "/id-mn/Cfar"}}});
  ASSERT_EQ(mixed.rsc, 2001) << mixed;

  ASSERT_EQ(http().remove(owner.id, owner.path).rsc, 2002);
  Json after = groupOf(mixed.resource().value("ri", ""));
  EXPECT_EQ(after.value("mid", Json()), Json::array({other.id, "/id-mn/Cfar"})) << after;
  EXPECT_EQ(after.value("cnm", -1), 2) << after;
  EXPECT_EQ(http().retrieve(kAdmin, "/" + mine.resource().value("ri", "")).rsc, 4004)
      << "the group under the deleted AE went with it";
}

TEST_F(SecurityGroupsTest, GroupNamedByResourceIdGrantsItsMembersInEveryForm) {
  Ae member = registerAe("gf");
  Ae outsider = registerAe("gx");
  HttpResult group = createGroup(kAdmin, kCseBase, {{"mid", {cseRelative(member.path)}}});
  ASSERT_EQ(group.rsc, 2001) << group;
  std::string ri = group.resource().value("ri", "");
  for (const std::string& entry : {ri, "/id-in/" + ri}) {
    std::string cnt = containerReadableBy(entry);
    EXPECT_EQ(http().retrieve(member.id, cnt).rsc, 2000) << entry;
    EXPECT_EQ(http().retrieve(outsider.id, cnt).rsc, 4103) << entry;
  }
}

}  // namespace
}  // namespace citadel::testing
