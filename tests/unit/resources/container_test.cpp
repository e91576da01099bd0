// ContainerType's hooks and the instance index on a MemoryStore: cni / cbs / st stay exact,
// mni and mbs evict the oldest instances first, an instance larger than mbs is refused (5207),
// mia caps an instance's expiration, and la / ol follow creation order.
#include "resources/types/container.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cse/model/request.h"
#include "resources/types/content_instance.h"
#include "resources/key_layout.h"
#include "storage/memory_store.h"
#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::ResourceType;
using model::Rsc;

// 2030-01-01T00:00:00Z: later than any "now" that could make a fresh instance look old.
const model::TimePoint kNow = model::TimePoint(std::chrono::seconds(1893456000));

class ContainerTest : public ::testing::Test {
 protected:
  void makeContainer(Json limits) {
    Resource cnt;
    cnt.attributes = {{"ty", 3}, {"ri", "cnt1"}, {"rn", "data"}, {"pi", "id-in"}};
    cnt.attributes.update(limits);
    model::Request request;
    std::string originator = "Clamp";
    Resource parent;
    storage::WriteBatch batch;
    CreateContext context{request, originator, parent, false, cnt, batch, repository_, kNow};
    ASSERT_OK(container_.prepareCreate(context));
    ResourceRepository::stagePut(batch, cnt);
    ResourceRepository::stageIndexes(batch, cnt);
    ASSERT_OK(repository_.commit(batch));
  }

  // Runs the CREATE of a contentInstance the way the engine does: hooks, then one batch.
  model::Status addInstance(const std::string& ri, const std::string& content,
                            model::TimePoint created = kNow) {
    auto loaded = repository_.load("cnt1");
    if (!loaded.isOk()) {
      return loaded.status();
    }
    Resource parent = std::move(loaded).value();
    Resource cin;
    cin.attributes = {{"ty", 4},      {"ri", ri},       {"rn", ri},
                      {"pi", "cnt1"}, {"con", content}, {"ct", model::formatTimestamp(created)}};
    model::Request request;
    std::string originator = "Clamp";
    storage::WriteBatch batch;
    CreateContext context{request, originator, parent, false, cin, batch, repository_, kNow};
    CITADEL_RETURN_IF_ERROR(instance_type_.prepareCreate(context));
    CITADEL_RETURN_IF_ERROR(container_.childWillBeAdded(context));
    EXPECT_TRUE(context.parent_modified);
    ResourceRepository::stagePut(batch, parent);
    ResourceRepository::stagePut(batch, cin);
    ResourceRepository::stageIndexes(batch, cin);
    return repository_.commit(batch);
  }

  Resource container() {
    auto loaded = repository_.load("cnt1");
    EXPECT_TRUE(loaded.isOk());
    return loaded.isOk() ? loaded.value() : Resource{};
  }

  std::vector<std::string> instanceIds() {
    auto oldest = repository_.oldestInstances(container(), 1000);
    EXPECT_TRUE(oldest.isOk());
    std::vector<std::string> ids;
    for (const auto& r : oldest.value()) {
      ids.push_back(r->ri());
    }
    return ids;
  }

  // Runs an UPDATE of the container's limits through onUpdated and commits it.
  model::Status updateLimits(const Json& changes) {
    Resource cnt = container();
    cnt.attributes.update(changes);
    storage::WriteBatch batch;
    UpdateContext context{cnt, changes, batch, repository_};
    CITADEL_RETURN_IF_ERROR(container_.onUpdated(context));
    ResourceRepository::stagePut(batch, cnt);
    return repository_.commit(batch);
  }

  bool exists(const std::string& ri) { return repository_.load(ri).isOk(); }

  storage::MemoryStore store_;
  ResourceRepository repository_{store_};
  ContainerType container_;
  ContentInstanceType instance_type_;
};

TEST_F(ContainerTest, StartsWithZeroCounters) {
  makeContainer(Json::object());
  Resource cnt = container();
  EXPECT_EQ(cnt.intAttribute("cni", -1), 0);
  EXPECT_EQ(cnt.intAttribute("cbs", -1), 0);
  EXPECT_EQ(cnt.intAttribute("st", -1), 0);
}

TEST_F(ContainerTest, CountsInstancesBytesAndStateTag) {
  makeContainer(Json::object());
  ASSERT_OK(addInstance("cin1", "abc"));
  ASSERT_OK(addInstance("cin2", "hello"));
  Resource cnt = container();
  EXPECT_EQ(cnt.intAttribute("cni", -1), 2);
  EXPECT_EQ(cnt.intAttribute("cbs", -1), 8);
  EXPECT_EQ(cnt.intAttribute("st", -1), 2);
  auto cin2 = repository_.load("cin2");
  ASSERT_OK(cin2);
  EXPECT_EQ(cin2.value().intAttribute("st", -1), 2);
  EXPECT_EQ(cin2.value().intAttribute("cs", -1), 5);
}

TEST_F(ContainerTest, FindsLatestAndOldestInCreationOrder) {
  makeContainer(Json::object());
  // Names sort opposite to creation order: the index must follow st, not rn.
  for (std::string ri : {"cin_z", "cin_m", "cin_a"}) {
    ASSERT_OK(addInstance(ri, "x"));
  }
  auto latest = repository_.latestInstance(container());
  ASSERT_OK(latest);
  ASSERT_NE(latest.value(), nullptr);
  EXPECT_EQ(latest.value()->ri(), "cin_a");
  auto oldest = repository_.oldestInstance(container());
  ASSERT_OK(oldest);
  ASSERT_NE(oldest.value(), nullptr);
  EXPECT_EQ(oldest.value()->ri(), "cin_z");
}

TEST_F(ContainerTest, HasNoLatestWhenEmpty) {
  makeContainer(Json::object());
  auto latest = repository_.latestInstance(container());
  ASSERT_OK(latest);
  EXPECT_EQ(latest.value(), nullptr);
}

TEST_F(ContainerTest, EvictsOldestWhenMaxNrOfInstancesReached) {
  makeContainer({{"mni", 2}});
  for (std::string ri : {"cin1", "cin2", "cin3", "cin4"}) {
    ASSERT_OK(addInstance(ri, "ab"));
  }
  EXPECT_EQ(instanceIds(), (std::vector<std::string>{"cin3", "cin4"}));
  EXPECT_FALSE(exists("cin1"));
  EXPECT_FALSE(exists("cin2"));
  Resource cnt = container();
  EXPECT_EQ(cnt.intAttribute("cni", -1), 2);
  EXPECT_EQ(cnt.intAttribute("cbs", -1), 4);
  // The evicted instances' name index is gone too.
  std::string ri;
  EXPECT_TRUE(storage::isNotFound(store_.get(resources::keys::child("cnt1", "cin1"), &ri)));
}

TEST_F(ContainerTest, EvictsOldestWhenMaxByteSizeReached) {
  makeContainer({{"mbs", 10}});
  ASSERT_OK(addInstance("cin1", "aaaa"));    // 4
  ASSERT_OK(addInstance("cin2", "bbbb"));    // 8
  ASSERT_OK(addInstance("cin3", "cccccc"));  // 14 > 10: cin1 goes (10)
  EXPECT_EQ(instanceIds(), (std::vector<std::string>{"cin2", "cin3"}));
  EXPECT_EQ(container().intAttribute("cbs", -1), 10);
  ASSERT_OK(addInstance("cin4", "dddddddddd"));  // 10 alone: both others go
  EXPECT_EQ(instanceIds(), (std::vector<std::string>{"cin4"}));
  EXPECT_EQ(container().intAttribute("cni", -1), 1);
  EXPECT_EQ(container().intAttribute("cbs", -1), 10);
}

TEST_F(ContainerTest, RefusesInstanceLargerThanMaxByteSize) {
  makeContainer({{"mbs", 3}});
  ASSERT_OK(addInstance("cin1", "abc"));
  model::Status status = addInstance("cin2", "abcd");
  ASSERT_RSC(status, Rsc::kNotAcceptable);
  EXPECT_EQ(status.reason(), "container.mbs_exceeded");
  // Nothing changed: the earlier instance and the counters stay.
  EXPECT_TRUE(exists("cin1"));
  EXPECT_FALSE(exists("cin2"));
  EXPECT_EQ(container().intAttribute("cni", -1), 1);
  EXPECT_EQ(container().intAttribute("st", -1), 1);
}

TEST_F(ContainerTest, CapsInstanceExpirationAtMaxInstanceAge) {
  makeContainer({{"mia", 60}});
  ASSERT_OK(addInstance("cin1", "x"));
  auto cin = repository_.load("cin1");
  ASSERT_OK(cin);
  EXPECT_EQ(cin.value().attributes.value("et", ""),
            model::formatTimestamp(kNow + std::chrono::seconds(60)));
}

TEST_F(ContainerTest, EvictsInstancesOlderThanMaxInstanceAge) {
  makeContainer({{"mia", 60}});
  ASSERT_OK(addInstance("old", "x", kNow - std::chrono::seconds(61)));
  ASSERT_OK(addInstance("fresh", "y", kNow - std::chrono::seconds(10)));
  ASSERT_OK(addInstance("new", "z"));
  EXPECT_EQ(instanceIds(), (std::vector<std::string>{"fresh", "new"}));
}

TEST_F(ContainerTest, PrunesWhenLimitIsLoweredByUpdate) {
  makeContainer(Json::object());
  for (std::string ri : {"cin1", "cin2", "cin3"}) {
    ASSERT_OK(addInstance(ri, "x"));
  }
  ASSERT_OK(updateLimits({{"mni", 1}}));
  EXPECT_EQ(instanceIds(), (std::vector<std::string>{"cin3"}));
  EXPECT_EQ(container().intAttribute("cni", -1), 1);
}

// Eviction reads the oldest instances in growing chunks (1, 2, 4, … 64): lowering mni far below
// the count removes them across many reads, oldest first, and keeps the newest in order.
TEST_F(ContainerTest, PrunesAcrossManyReadsWhenLimitIsLoweredFarBelowTheCount) {
  makeContainer(Json::object());
  std::vector<std::string> all;
  for (int i = 0; i < 150; ++i) {
    all.push_back("cin" + std::to_string(1000 + i));
    ASSERT_OK(addInstance(all.back(), "xy"));
  }
  ASSERT_OK(updateLimits({{"mni", 3}}));
  EXPECT_EQ(instanceIds(), (std::vector<std::string>{"cin1147", "cin1148", "cin1149"}));
  EXPECT_EQ(container().intAttribute("cni", -1), 3);
  EXPECT_EQ(container().intAttribute("cbs", -1), 6);
  // Later CREATEs evict exactly the one oldest each.
  ASSERT_OK(addInstance("cin2000", "z"));
  EXPECT_EQ(instanceIds(), (std::vector<std::string>{"cin1148", "cin1149", "cin2000"}));
  EXPECT_EQ(container().intAttribute("cbs", -1), 5);
}

// With mni and mia both set, reaching mni evicts the oldest instance although it is young, and
// nothing else (the next oldest is read once to learn its age and kept).
TEST_F(ContainerTest, EvictsByCountWhenMaxInstanceAgeIsNotReached) {
  makeContainer({{"mni", 2}, {"mia", 3600}});
  ASSERT_OK(addInstance("cin1", "a"));
  ASSERT_OK(addInstance("cin2", "b"));
  ASSERT_OK(addInstance("cin3", "c"));
  EXPECT_EQ(instanceIds(), (std::vector<std::string>{"cin2", "cin3"}));
  EXPECT_EQ(container().intAttribute("cni", -1), 2);
  EXPECT_EQ(container().intAttribute("cbs", -1), 2);
}

TEST_F(ContainerTest, DecrementsCountersWhenInstanceRemoved) {
  makeContainer(Json::object());
  ASSERT_OK(addInstance("cin1", "abc"));
  ASSERT_OK(addInstance("cin2", "de"));
  Resource cnt = container();
  auto cin1 = repository_.load("cin1");
  ASSERT_OK(cin1);
  storage::WriteBatch batch;
  ASSERT_OK(container_.childWillBeRemoved(cnt, cin1.value(), batch));
  EXPECT_EQ(cnt.intAttribute("cni", -1), 1);
  EXPECT_EQ(cnt.intAttribute("cbs", -1), 2);
}

TEST_F(ContainerTest, AllowsOnlyContainerAndInstanceChildren) {
  EXPECT_TRUE(container_.allowsChild(ResourceType::kContainer));
  EXPECT_TRUE(container_.allowsChild(ResourceType::kContentInstance));
  EXPECT_FALSE(container_.allowsChild(ResourceType::kAE));
  EXPECT_FALSE(container_.allowsChild(ResourceType::kAccessControlPolicy));
}

TEST(ContentSizeTest, CountsStringBytesAndJsonText) {
  EXPECT_EQ(contentSize("abc"), 3);
  EXPECT_EQ(contentSize("caf\xc3\xa9"), 5);   // bytes, not characters
  EXPECT_EQ(contentSize(Json{{"t", 1}}), 7);  // {"t":1}
  EXPECT_EQ(contentSize(42), 2);
}

}  // namespace
}  // namespace citadel::resources
