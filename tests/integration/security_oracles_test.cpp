// Oracles (issue 15 #16), over HTTP against the real binary: an answer that depends on the
// existence or the type of a resource the originator has no privilege on, given before that
// privilege is checked. TS-0004 §7.2.2.2 orders the checks Recv-6.2 existence (4004), Recv-6.3
// authorization (4103), Recv-6.4 validity (4108, 4110, ...); these tests pin the places where
// the CSE answered from the resource before asking about the originator.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cse_fixture.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

class SecurityOraclesTest : public CseFixture {
 protected:
  HttpResult createGroup(const std::string& originator, const std::string& parent, Json attrs) {
    attrs["rn"] = uniqueName("grp");
    attrs["mnm"] = 10;
    return http().create(originator, parent, 9, {{"m2m:grp", attrs}});
  }

  static Json aeBody(const std::string& rn) {
    return {{"m2m:ae", {{"rn", rn}, {"api", "N" + rn}, {"rr", false}, {"srv", {"3"}}}}};
  }
};

// Before the fix: 4108 under an existing resource, 4004 under a missing one, for an originator
// nobody knows: an <AE> CREATE skipped identity and ACP wherever it was addressed.
TEST_F(SecurityOraclesTest, AeCreateAwayFromTheCseBaseRevealsNoPath) {
  Ae victim = registerAe("ov");
  std::string hidden = createContainer(victim.id, victim.path);
  ASSERT_FALSE(hidden.empty());
  std::string missing = victim.path + "/" + uniqueName("none");
  for (const std::string& from : {"C" + uniqueName("anon"), std::string()}) {
    std::string rn = uniqueName("ae");
    HttpResult existing = http().create(from, hidden, 2, aeBody(rn));
    HttpResult absent = http().create(from, missing, 2, aeBody(rn));
    EXPECT_EQ(existing.rsc, absent.rsc) << "From '" << from << "': " << existing << " vs "
                                        << absent;
    EXPECT_NE(existing.rsc, 2001) << existing;
    EXPECT_EQ(absent.rsc, 4108) << absent;
  }
  // Registration with the CSEBase itself, in each of its addressing forms, still works.
  for (const std::string& base : {std::string(kCseBase), std::string("/id-in"),
                                  std::string("/~/id-in/cse-in")}) {
    std::string rn = uniqueName("reg");
    HttpResult r = http().create("C" + rn, base, 2, aeBody(rn));
    EXPECT_EQ(r.rsc, 2001) << base << ": " << r;
  }
}

// Before the fix: 2001 when the hidden resource was a container (mt 3), 4110 when it was
// missing or of another type: the group's memberType check read it without privilege.
TEST_F(SecurityOraclesTest, GroupMemberTypeRevealsNothingWithoutPrivilege) {
  Ae victim = registerAe("ow");
  std::string hidden = createContainer(victim.id, victim.path);
  ASSERT_FALSE(hidden.empty());
  Ae attacker = registerAe("oa");
  std::string missing = victim.path.substr(1) + "/" + uniqueName("none");
  std::string own = createContainer(attacker.id, attacker.path);
  ASSERT_FALSE(own.empty());

  for (int mt : {2, 3}) {
    HttpResult existing = createGroup(attacker.id, attacker.path,
                                      {{"mt", mt}, {"csy", 2}, {"mid", {hidden.substr(1)}}});
    HttpResult absent =
        createGroup(attacker.id, attacker.path, {{"mt", mt}, {"csy", 2}, {"mid", {missing}}});
    EXPECT_EQ(existing.rsc, 4110) << "mt " << mt << ": " << existing;
    EXPECT_EQ(absent.rsc, 4110) << "mt " << mt << ": " << absent;
    EXPECT_EQ(existing.dbg().find("of type"), std::string::npos) << existing;
  }
  // ABANDON_MEMBER drops it like a missing member; SET_MIXED keeps it like one.
  HttpResult dropped = createGroup(attacker.id, attacker.path,
                                   {{"mt", 3}, {"mid", {hidden.substr(1), own.substr(1)}}});
  ASSERT_EQ(dropped.rsc, 2001) << dropped;
  EXPECT_EQ(dropped.resource().value("mid", Json()), Json::array({own.substr(1)})) << dropped;
  HttpResult mixed = createGroup(attacker.id, attacker.path,
                                 {{"mt", 3}, {"csy", 3}, {"mid", {hidden.substr(1)}}});
  ASSERT_EQ(mixed.rsc, 2001) << mixed;
  EXPECT_EQ(mixed.resource().value("mt", -1), 0) << mixed;

  // The same check with privilege: the victim's own group keeps its container.
  HttpResult allowed =
      createGroup(victim.id, victim.path, {{"mt", 3}, {"csy", 2}, {"mid", {hidden.substr(1)}}});
  EXPECT_EQ(allowed.rsc, 2001) << allowed;
}

// The same member check on UPDATE of mid (TS-0004 §7.4.13.2.3).
TEST_F(SecurityOraclesTest, GroupMemberUpdateRevealsNothingWithoutPrivilege) {
  Ae victim = registerAe("ou");
  std::string hidden = createContainer(victim.id, victim.path);
  ASSERT_FALSE(hidden.empty());
  Ae attacker = registerAe("ob");
  HttpResult group =
      createGroup(attacker.id, attacker.path, {{"mt", 3}, {"csy", 2}, {"mid", Json::array()}});
  ASSERT_EQ(group.rsc, 2001) << group;
  std::string path = attacker.path + "/" + group.resource().value("rn", "");
  HttpResult r = http().update(attacker.id, path, {{"m2m:grp", {{"mid", {hidden.substr(1)}}}}});
  EXPECT_EQ(r.rsc, 4110) << r;
}

// Before the fix: "cannot be reached for verification" for a path that names nothing, "refused
// verification (rsc 4101)" for one that names a hidden AE: nu resolved IDs without privilege.
TEST_F(SecurityOraclesTest, SubscriptionTargetRevealsNoResource) {
  NotificationReceiver receiver;
  receiver.setRsc("/hidden", 4101);  // the hidden AE refuses verification requests
  std::string rn = uniqueName("hid");
  HttpResult hidden = http().create("C" + rn, kCseBase, 2,
                                    {{"m2m:ae", {{"rn", rn}, {"api", "N" + rn}, {"rr", true},
                                                 {"poa", {receiver.url("/hidden")}},
                                                 {"srv", {"3"}}}}});
  ASSERT_EQ(hidden.rsc, 2001) << hidden;
  Ae attacker = registerAe("os");
  std::string cnt = createContainer(attacker.id, attacker.path);
  ASSERT_FALSE(cnt.empty());
  auto subscribe = [&](const std::string& nu) {
    return http().create(attacker.id, cnt, 23,
                         {{"m2m:sub", {{"rn", uniqueName("sub")}, {"nu", {nu}}}}});
  };
  std::string existing_target = "cse-in/" + rn;
  std::string missing_target = "cse-in/" + uniqueName("none");
  HttpResult existing = subscribe(existing_target);
  HttpResult absent = subscribe(missing_target);
  EXPECT_EQ(existing.rsc, 5204) << existing;
  EXPECT_EQ(absent.rsc, 5204) << absent;
  std::string existing_dbg = existing.dbg();
  std::string absent_dbg = absent.dbg();
  existing_dbg.replace(existing_dbg.find(existing_target), existing_target.size(), "X");
  absent_dbg.replace(absent_dbg.find(missing_target), missing_target.size(), "X");
  EXPECT_EQ(existing_dbg, absent_dbg);
}

}  // namespace
}  // namespace citadel::testing
