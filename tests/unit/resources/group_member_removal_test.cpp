// memberIDs maintenance on a MemoryStore (TS-0001 §9.6.13, issue 15 #15): a deleted resource
// leaves every <group> bound to it through the gm/ index; entries on other CSEs, entries that
// named nothing and other members stay; groups deleted in the same batch are left alone.
#include "resources/types/group_member_removal.h"

#include <gtest/gtest.h>

#include "storage/memory_store.h"
#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;

const model::TimePoint kRemovalNow = model::TimePoint(std::chrono::seconds(1893456000));

class GroupMemberRemovalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add({{"ty", 5}, {"ri", "id-in"}, {"rn", "cse-in"}, {"pi", ""}});
    add({{"ty", 2}, {"ri", "Clamp"}, {"rn", "lamp"}, {"pi", "id-in"}, {"aei", "Clamp"}});
    add({{"ty", 2}, {"ri", "Cfan"}, {"rn", "fan"}, {"pi", "id-in"}, {"aei", "Cfan"}});
    add(group("grp1", "id-in", {"cse-in/lamp", "Cfan", "/id-mn/Cfar", "nothere"},
              {"Clamp", "Cfan", "", nullptr}));
    add(group("grp2", "Clamp", {"Clamp"}, {"Clamp"}));
  }

  static Json group(const std::string& ri, const std::string& pi, Json mid, Json bindings) {
    Json a = {{"ty", 9}, {"ri", ri}, {"rn", ri}, {"pi", pi}, {"mnm", 10},
              {"cnm", mid.size()}, {"mt", 0}, {"lt", "20240101T000000"}};
    a["mid"] = std::move(mid);
    a[std::string(kMemberBindingsField)] = std::move(bindings);
    return a;
  }

  void add(Json attributes) {
    Resource resource;
    resource.attributes = std::move(attributes);
    storage::WriteBatch batch;
    ResourceRepository::stagePut(batch, resource);
    if (!resource.pi().empty()) ResourceRepository::stageIndexes(batch, resource);
    ASSERT_OK(repository_.commit(batch));
  }

  std::vector<std::string> groupsWith(const std::string& ri) {
    std::vector<std::string> ris;
    EXPECT_OK(repository_.appendGroupsWithMember(ri, &ris));
    return ris;
  }

  // Removes `ris` (records and indexes) with the groups' maintenance, in one batch.
  void removeAll(const std::vector<std::string>& ris) {
    std::vector<Resource> removed;
    storage::WriteBatch batch;
    for (const auto& ri : ris) {
      auto loaded = repository_.load(ri);
      ASSERT_OK(loaded);
      ResourceRepository::stageRemove(batch, loaded.value());
      removed.push_back(loaded.value());
    }
    ASSERT_OK(stageMemberRemoval(repository_, removed, batch, kRemovalNow));
    ASSERT_OK(repository_.commit(batch));
  }

  storage::MemoryStore store_;
  ResourceRepository repository_{store_};
};

TEST_F(GroupMemberRemovalTest, IndexesTheGroupsOfEachBoundMember) {
  EXPECT_EQ(groupsWith("Clamp"), (std::vector<std::string>{"grp1", "grp2"}));
  EXPECT_EQ(groupsWith("Cfan"), (std::vector<std::string>{"grp1"}));
  EXPECT_TRUE(groupsWith("nothere").empty());
}

TEST_F(GroupMemberRemovalTest, ADeletedMemberLeavesEveryGroup) {
  removeAll({"Cfan"});
  auto g = repository_.load("grp1");
  ASSERT_OK(g);
  const Json& a = g.value().attributes;
  EXPECT_EQ(a["mid"], Json::array({"cse-in/lamp", "/id-mn/Cfar", "nothere"}));
  EXPECT_EQ(a[std::string(kMemberBindingsField)], Json::array({"Clamp", "", nullptr}));
  EXPECT_EQ(a["cnm"], 3);
  EXPECT_EQ(a["mt"], 0);
  // lt carries microseconds (issue 24 #20, m2m:timestamp with its fraction).
  EXPECT_EQ(a["lt"], model::formatPreciseTimestamp(kRemovalNow));
  EXPECT_TRUE(groupsWith("Cfan").empty()) << "its index entries went with it";
  EXPECT_EQ(groupsWith("Clamp"), (std::vector<std::string>{"grp1", "grp2"}));
}

TEST_F(GroupMemberRemovalTest, LeavesGroupsDeletedInTheSameBatchAlone) {
  removeAll({"Clamp", "grp2"});  // an AE and the group below it
  EXPECT_EQ(citadel::testing::statusOf(repository_.load("grp2")).rsc(), model::Rsc::kNotFound);
  auto g = repository_.load("grp1");
  ASSERT_OK(g);
  EXPECT_EQ(g.value().attributes["mid"], Json::array({"Cfan", "/id-mn/Cfar", "nothere"}));
  EXPECT_TRUE(groupsWith("Clamp").empty());
}

TEST_F(GroupMemberRemovalTest, IgnoresGroupsStoredWithoutBindings) {
  add({{"ty", 9}, {"ri", "grpold"}, {"rn", "old"}, {"pi", "id-in"}, {"mid", {"Clamp"}},
       {"cnm", 1}});
  removeAll({"Clamp"});
  auto g = repository_.load("grpold");
  ASSERT_OK(g);
  EXPECT_EQ(g.value().attributes["mid"], Json::array({"Clamp"}));
}

}  // namespace
}  // namespace citadel::resources
