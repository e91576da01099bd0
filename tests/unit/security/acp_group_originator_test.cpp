// <group> IDs in acor (TS-0001 §9.6.2.1, TS-0004 §7.3.3.15) and acod's resourceType /
// specializationType (TS-0003 §7.1.5): the evaluator with a fake GroupMembership, and
// ResolverGroupMembership on a MemoryStore.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "security/acp_evaluator.h"
#include "security/group_membership.h"
#include "storage/memory_store.h"
#include "tests/support/seed_resource.h"
#include "tests/support/status_macros.h"

namespace citadel::security {
namespace {

using model::Json;

const resources::CseIdentity kGroupIdentity{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
const model::TimePoint kGroupNow = model::TimePoint(std::chrono::seconds(1709210096));
const std::string kSp = "//citadel.example.com";

// Groups by acor entry; records each lookup.
class FakeGroups : public GroupMembership {
 public:
  std::optional<bool> isMember(std::string_view entry,
                               std::string_view originator) const override {
    lookups.emplace_back(entry);
    auto it = groups.find(std::string(entry));
    if (it == groups.end()) return std::nullopt;
    return it->second.count(std::string(originator)) > 0;
  }
  std::map<std::string, std::set<std::string>> groups;
  mutable std::vector<std::string> lookups;
};

Json ruleSet(Json acor, int acop) { return {{"acr", {{{"acor", acor}, {"acop", acop}}}}}; }

AccessRequest request(const std::string& stem, uint8_t bit = 2) {
  AccessRequest r;
  r.originator_absolute = kSp + "/id-in/" + stem;
  r.operation_bit = bit;
  r.now = kGroupNow;
  return r;
}

class AcpGroupOriginatorTest : public ::testing::Test {
 protected:
  void SetUp() override { groups_.groups["grp1"] = {kSp + "/id-in/Cmember"}; }
  bool granted(const Json& set, const AccessRequest& r) {
    return evaluator_.decide({&set}, r).granted;
  }
  FakeGroups groups_;
  AcpEvaluator evaluator_{kGroupIdentity, &groups_};
};

TEST_F(AcpGroupOriginatorTest, GrantsMembersOfANamedGroupOnly) {
  Json set = ruleSet({"grp1"}, 2);
  EXPECT_TRUE(granted(set, request("Cmember")));
  EXPECT_FALSE(granted(set, request("Cstranger")));
}

TEST_F(AcpGroupOriginatorTest, DeniesWhenTheGroupDoesNotExist) {
  EXPECT_FALSE(granted(ruleSet({"grpmissing"}, 63), request("Cmember")));
  EXPECT_EQ(groups_.lookups, std::vector<std::string>{"grpmissing"});
}

TEST_F(AcpGroupOriginatorTest, GroupGrantsOnlyTheOperationsOfItsRule) {
  EXPECT_FALSE(granted(ruleSet({"grp1"}, 2), request("Cmember", 4)));
  EXPECT_TRUE(groups_.lookups.empty()) << "acop fails first, without a lookup";
}

TEST_F(AcpGroupOriginatorTest, LooksUpNothingWhenAnEntryMatchesDirectly) {
  EXPECT_TRUE(granted(ruleSet({"grp1", "Cmember"}, 2), request("Cmember")));
  EXPECT_TRUE(groups_.lookups.empty());
}

TEST_F(AcpGroupOriginatorTest, NeverTreatsWildcardsAllRolesDomainsOrAeIdsAsGroups) {
  groups_.groups["C*"] = {kSp + "/id-in/Cx"};  // would grant if it were looked up
  Json set = ruleSet({"C*x", "role@issuer", "//other.example", "Cabc", "Sabc", "/id-mn/*"}, 2);
  EXPECT_FALSE(granted(set, request("Cstranger")));
  EXPECT_TRUE(groups_.lookups.empty());
}

TEST_F(AcpGroupOriginatorTest, PassesEveryGroupAddressingForm) {
  for (const std::string& entry :
       std::vector<std::string>{"/id-in/grp1", kSp + "/id-in/grp1", "cse-in/ae/grp"}) {
    groups_.groups[entry] = {kSp + "/id-in/Cmember"};
    EXPECT_TRUE(granted(ruleSet({entry}, 2), request("Cmember"))) << entry;
  }
}

TEST_F(AcpGroupOriginatorTest, IgnoresGroupsWithoutALookup) {
  AcpEvaluator without_groups{kGroupIdentity};
  Json set = ruleSet({"grp1"}, 2);
  EXPECT_FALSE(without_groups.decide({&set}, request("Cmember")).granted);
}

TEST_F(AcpGroupOriginatorTest, MatchesDomainAndWildcardForms) {
  // TS-0003 Table 7.1.3-2.
  for (std::string entry : {"all", "//citadel.example.com", "//*/id-in/C*",
                            "/id-in/Cm*", "/id-*/Cmember", "Cmem*"}) {
    EXPECT_TRUE(granted(ruleSet({entry}, 2), request("Cmember"))) << entry;
  }
  // "//*/id-in" names the CSE itself, not its AEs; domains match exactly (TS-0003 §7.1.3).
  for (std::string entry : {"//example.com", "//*.example.com", "//*/id-in", "//*/id-mn/C*",
                            "/id-in/Cx*", "Cmember/x"}) {
    EXPECT_FALSE(granted(ruleSet({entry}, 2), request("Cmember"))) << entry;
  }
}

TEST_F(AcpGroupOriginatorTest, ChecksAcodResourceTypeAgainstTheTarget) {
  Json set = {{"acr", {{{"acor", {"Cmember"}}, {"acop", 1},
                        {"acod", {{{"ty", 2}, {"chty", {3}}}}}}}}};
  AccessRequest r = request("Cmember", 1);
  r.created_type = 3;
  r.target_type = 2;
  EXPECT_TRUE(granted(set, r)) << "a container under an AE";
  r.target_type = 3;
  EXPECT_FALSE(granted(set, r)) << "a container under a container";
  r.target_type.reset();
  EXPECT_FALSE(granted(set, r));
}

TEST_F(AcpGroupOriginatorTest, NeverMatchesAcodWithSpecializationType) {
  Json set = {{"acr", {{{"acor", {"Cmember"}}, {"acop", 1},
                        {"acod", {{{"spty", "org.example.x"}, {"chty", {3}}}}}}}}};
  AccessRequest r = request("Cmember", 1);
  r.created_type = 3;
  r.target_type = 2;
  EXPECT_FALSE(granted(set, r));
}

// ResolverGroupMembership over a real repository.
class ResolverGroupMembershipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add({{"ty", 5}, {"ri", "id-in"}, {"rn", "cse-in"}, {"pi", ""}});
    add({{"ty", 2}, {"ri", "Clamp"}, {"rn", "lamp"}, {"pi", "id-in"}, {"aei", "Clamp"}});
    add({{"ty", 2}, {"ri", "Cfan"}, {"rn", "fan"}, {"pi", "id-in"}, {"aei", "Cfan"}});
    add({{"ty", 3}, {"ri", "cnt1"}, {"rn", "data"}, {"pi", "Clamp"}});
    add({{"ty", 9}, {"ri", "grp1"}, {"rn", "g"}, {"pi", "Clamp"},
         {"mid", {"Clamp", "cse-in/fan", "/id-mn", "cnt1"}}});
  }
  void add(Json attributes) { ASSERT_OK(testing::seedResource(repository_, std::move(attributes))); }
  storage::MemoryStore store_;
  resources::ResourceRepository repository_{store_};
  resources::ResourceResolver resolver_{repository_, kGroupIdentity};
  ResolverGroupMembership groups_{resolver_, kGroupIdentity};
};

TEST_F(ResolverGroupMembershipTest, FindsMembersInEveryForm) {
  EXPECT_EQ(groups_.isMember("grp1", kSp + "/id-in/Clamp"), true) << "AE-ID member";
  EXPECT_EQ(groups_.isMember("grp1", kSp + "/id-in/Cfan"), true) << "structured member";
  EXPECT_EQ(groups_.isMember("/id-in/grp1", kSp + "/id-mn"), true) << "CSE-ID member";
  EXPECT_EQ(groups_.isMember("grp1", kSp + "/id-in/Cother"), false);
}

TEST_F(ResolverGroupMembershipTest, NamesGroupsByResourceIdOnly) {
  // TS-0001 §9.6.2.1 "the resource-ID of a <group>": a path names whatever holds it now.
  EXPECT_EQ(groups_.isMember("cse-in/lamp/g", kSp + "/id-in/Cfan"), std::nullopt);
  EXPECT_EQ(groups_.isMember("Clamp/g", kSp + "/id-in/Cfan"), std::nullopt);
  EXPECT_EQ(groups_.isMember("/id-in/grp1", kSp + "/id-in/Cfan"), true);
  EXPECT_EQ(groups_.isMember(kSp + "/id-in/grp1", kSp + "/id-in/Cfan"), true);
}

TEST_F(ResolverGroupMembershipTest, FollowsBindingsNotPaths) {
  // grp2's "cse-in/fan" was bound to Cfan; the AE at that path is now Cnew (Cfan left and a
  // newcomer took its name, as if maintenance had not run): the binding decides.
  add({{"ty", 9}, {"ri", "grp2"}, {"rn", "g2"}, {"pi", "id-in"},
       {"mid", {"cse-in/fan", "/id-mn/Cfar", "cse-in/later"}},
       {std::string(resources::kMemberBindingsField), {"Cfan", "", nullptr}}});
  add({{"ty", 2}, {"ri", "Cnew"}, {"rn", "later"}, {"pi", "id-in"}, {"aei", "Cnew"}});
  EXPECT_EQ(groups_.isMember("grp2", kSp + "/id-in/Cfan"), true);
  EXPECT_EQ(groups_.isMember("grp2", kSp + "/id-mn/Cfar"), true) << "another CSE's, by ID";
  EXPECT_EQ(groups_.isMember("grp2", kSp + "/id-in/Cnew"), false)
      << "an entry that named nothing never matches what takes that name later";
}

TEST_F(ResolverGroupMembershipTest, AnswersNulloptForWhatIsNotALocalGroup) {
  EXPECT_EQ(groups_.isMember("grpnothere", kSp + "/id-in/Clamp"), std::nullopt);
  EXPECT_EQ(groups_.isMember("cnt1", kSp + "/id-in/Clamp"), std::nullopt);
  EXPECT_EQ(groups_.isMember("/id-mn/grp1", kSp + "/id-in/Clamp"), std::nullopt);
  EXPECT_EQ(groups_.isMember("//", kSp + "/id-in/Clamp"), std::nullopt);
}

}  // namespace
}  // namespace citadel::security
