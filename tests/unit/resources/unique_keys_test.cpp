// ResourceRepository::stageUniqueness: two CREATEs that both passed their duplicate checks (as
// two CSE processes sharing a store would, with no common lock) cannot both commit. The store's
// conditional write refuses the second with 4105 store.condition_failed.
#include <gtest/gtest.h>

#include <string>

#include "resources/key_layout.h"
#include "resources/resource_repository.h"
#include "storage/memory_store.h"
#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Rsc;

Resource child(const std::string& ri, const std::string& rn, int ty, Json extra = Json::object()) {
  Resource r;
  r.attributes = {{"ty", ty}, {"ri", ri}, {"rn", rn}, {"pi", "id-in"}, {"_p", "cse-in/" + rn}};
  r.attributes.update(extra);
  return r;
}

class UniqueKeysTest : public ::testing::Test {
 protected:
  // Stages a CREATE of `resource` the way the engine does (record, indexes, conditions).
  static storage::WriteBatch createBatch(const Resource& resource) {
    storage::WriteBatch batch;
    ResourceRepository::stagePut(batch, resource);
    ResourceRepository::stageIndexes(batch, resource);
    ResourceRepository::stageUniqueness(batch, resource);
    return batch;
  }

  // Commits `first`, then `second` (both staged before either commits) and expects the second
  // to lose, leaving nothing of it in the store.
  void expectSecondLoses(const Resource& first, const Resource& second) {
    storage::WriteBatch a = createBatch(first);
    storage::WriteBatch b = createBatch(second);
    ASSERT_OK(repository_.commit(a));
    Status lost = repository_.commit(b);
    ASSERT_RSC(lost, Rsc::kConflict);
    EXPECT_EQ(lost.reason(), storage::kConditionFailed);
    auto kept = repository_.load(first.ri());
    ASSERT_OK(kept);
    EXPECT_EQ(kept.value().rn(), first.rn());
    if (second.ri() != first.ri()) {
      ASSERT_RSC(repository_.load(second.ri()), Rsc::kNotFound);
    }
  }

  storage::MemoryStore store_;
  ResourceRepository repository_{store_};
};

TEST_F(UniqueKeysTest, KeepsNamesUniqueUnderAParent) {
  expectSecondLoses(child("cnt1", "data", 3), child("cnt2", "data", 3));
  auto found = repository_.findChild("id-in", "data");
  ASSERT_OK(found);
  EXPECT_EQ(found.value(), std::optional<std::string>("cnt1"));
}

TEST_F(UniqueKeysTest, KeepsResourceIdsAndAeIdsUnique) {
  // Two registrations of the AE-ID "Clamp" under different names: the record key collides.
  Json ae = {{"api", "Nlamp"}, {"rr", false}, {"aei", "Clamp"}};
  expectSecondLoses(child("Clamp", "lamp", 2, ae), child("Clamp", "lamp2", 2, ae));
  auto other = repository_.findChild("id-in", "lamp2");
  ASSERT_OK(other);
  EXPECT_FALSE(other.value().has_value());
}

TEST_F(UniqueKeysTest, KeepsTokenIdsUnique) {
  Json claims = {{"tkid", "t1@das.example.com"}, {"tkob", "a.b.c"}};
  expectSecondLoses(child("tk1", "tk1", 32, claims), child("tk2", "tk2", 32, claims));
  auto found = repository_.tokenByTokenId("t1@das.example.com");
  ASSERT_OK(found);
  ASSERT_TRUE(found.value().has_value());
  EXPECT_EQ(found.value()->ri(), "tk1");
}

TEST_F(UniqueKeysTest, FreesATokenIdWhenItsTokenIsDeleted) {
  Json claims = {{"tkid", "t1@das.example.com"}, {"tkob", "a.b.c"}};
  Resource first = child("tk1", "tk1", 32, claims);
  storage::WriteBatch create = createBatch(first);
  ASSERT_OK(repository_.commit(create));
  std::string owner;
  ASSERT_OK(store_.get(keys::tokenIdClaim("t1@das.example.com"), &owner));
  EXPECT_EQ(owner, "tk1");
  storage::WriteBatch removal;
  ResourceRepository::stageRemove(removal, first);
  ASSERT_OK(repository_.commit(removal));
  storage::WriteBatch again = createBatch(child("tk2", "tk2", 32, claims));
  ASSERT_OK(repository_.commit(again));
}

TEST_F(UniqueKeysTest, LetsDistinctResourcesCommit) {
  storage::WriteBatch a = createBatch(child("cnt1", "a", 3));
  storage::WriteBatch b = createBatch(child("cnt2", "b", 3));
  ASSERT_OK(repository_.commit(a));
  ASSERT_OK(repository_.commit(b));
}

}  // namespace
}  // namespace citadel::resources
