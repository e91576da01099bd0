// RecordCache and its use by ResourceRepository: hits, invalidation by commit, the generation
// check that keeps a copy read before a commit out of the cache, the LRU bound.
#include "resources/record_cache.h"

#include <gtest/gtest.h>

#include <functional>

#include "resources/key_layout.h"
#include "resources/resource_repository.h"
#include "storage/memory_store.h"
#include "tests/support/counting_store.h"
#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using citadel::testing::CountingStore;

std::shared_ptr<const Resource> record(const std::string& ri, int version) {
  Resource r;
  r.attributes = {{"ri", ri}, {"v", version}};
  return std::make_shared<const Resource>(std::move(r));
}

TEST(RecordCacheTest, KeepsWhatWasInsertedUntilInvalidated) {
  RecordCache cache(64, 1 << 20);
  cache.insert("cnt1", record("cnt1", 1), 100, cache.generation("cnt1"));
  auto hit = cache.find("cnt1");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->attributes["v"], 1);
  cache.invalidate("cnt1");
  EXPECT_EQ(cache.find("cnt1"), nullptr);
}

TEST(RecordCacheTest, DropsACopyReadBeforeAnInvalidation) {
  RecordCache cache(64, 1 << 20);
  uint64_t before = cache.generation("cnt1");  // a load starts and reads the store
  cache.invalidate("cnt1");                     // a commit changes cnt1 meanwhile
  cache.insert("cnt1", record("cnt1", 1), 100, before);
  EXPECT_EQ(cache.find("cnt1"), nullptr);       // the old copy was not kept
  cache.insert("cnt1", record("cnt1", 2), 100, cache.generation("cnt1"));
  ASSERT_NE(cache.find("cnt1"), nullptr);
  EXPECT_EQ(cache.find("cnt1")->attributes["v"], 2);
}

TEST(RecordCacheTest, EvictsTheLeastRecentlyUsedPastItsCapacity) {
  RecordCache cache(16, 1 << 20);  // one record per shard
  for (int i = 0; i < 200; ++i) {
    std::string ri = "r" + std::to_string(i);
    cache.insert(ri, record(ri, i), 100, cache.generation(ri));
  }
  int kept = 0;
  for (int i = 0; i < 200; ++i) {
    if (cache.find("r" + std::to_string(i)) != nullptr) ++kept;
  }
  EXPECT_LE(kept, 16);
  EXPECT_GT(kept, 0);
  EXPECT_NE(cache.find("r199"), nullptr);  // the last one in its shard stays
}

// Bounded by bytes too: large records (a big contentInstance) are never kept, and many
// medium ones evict each other within the byte budget.
TEST(RecordCacheTest, KeepsNoMoreBytesThanItsBudget) {
  RecordCache cache(2048, 16 * 8000);  // 8,000 bytes per shard
  cache.insert("big", record("big", 1), 1001, cache.generation("big"));  // > 1/8 of a shard
  EXPECT_EQ(cache.find("big"), nullptr);
  for (int i = 0; i < 400; ++i) {
    std::string ri = "m" + std::to_string(i);
    cache.insert(ri, record(ri, i), 1000, cache.generation(ri));
  }
  int kept = 0;
  for (int i = 0; i < 400; ++i) {
    if (cache.find("m" + std::to_string(i)) != nullptr) ++kept;
  }
  EXPECT_LE(kept, 16 * 8);  // at most 8 records of 1,000 bytes in each shard
  EXPECT_GT(kept, 0);
}

TEST(RecordCacheTest, DisabledWithCapacityZero) {
  RecordCache cache(0, 1 << 20);
  cache.insert("cnt1", record("cnt1", 1), 100, cache.generation("cnt1"));
  EXPECT_EQ(cache.find("cnt1"), nullptr);
}

// Through the repository: a commit that puts or deletes a record is seen by the next load.
TEST(RecordCacheTest, RepositoryLoadsSeeEveryCommittedChange) {
  storage::MemoryStore store;
  ResourceRepository repository(store);
  Resource cnt;
  cnt.attributes = {{"ri", "cnt1"}, {"ty", 3}, {"rn", "data"}, {"pi", "id-in"}, {"lbl", {"a"}}};
  storage::WriteBatch create;
  ResourceRepository::stagePut(create, cnt);
  ASSERT_OK(repository.commit(create));
  ASSERT_OK(repository.load("cnt1"));  // now cached

  cnt.attributes["lbl"] = {"b"};
  storage::WriteBatch update;
  ResourceRepository::stagePut(update, cnt);
  ASSERT_OK(repository.commit(update));
  auto loaded = repository.load("cnt1");
  ASSERT_OK(loaded);
  EXPECT_EQ(loaded.value().attributes["lbl"], model::Json({"b"}));

  storage::WriteBatch removal;
  ResourceRepository::stageRemove(removal, cnt);
  ASSERT_OK(repository.commit(removal));
  EXPECT_EQ(repository.load("cnt1").status().rsc(), model::Rsc::kNotFound);
  EXPECT_EQ(repository.loadShared("cnt1").status().rsc(), model::Rsc::kNotFound);
}

// A container record for the write-through tests, shared so that it can be handed to commit.
std::shared_ptr<Resource> sharedContainer(model::Json extra = model::Json::object()) {
  auto cnt = std::make_shared<Resource>();
  cnt->attributes = {{"ri", "cnt1"}, {"ty", 3}, {"rn", "data"}, {"pi", "id-in"}};
  cnt->attributes.update(extra);
  return cnt;
}

// A commit that hands over the records it writes leaves them in the cache: the next load is
// served without reading the store, and sees exactly the committed version.
TEST(RecordCacheTest, CommitWritesHandedOverRecordsThrough) {
  CountingStore store;
  ResourceRepository repository(store);
  auto cnt = sharedContainer({{"cni", 7}});
  storage::WriteBatch batch;
  ResourceRepository::stagePut(batch, *cnt);
  ASSERT_OK(repository.commit(batch, {cnt}));
  int gets_before = store.gets;
  auto loaded = repository.load("cnt1");
  ASSERT_OK(loaded);
  EXPECT_EQ(store.gets, gets_before);
  EXPECT_EQ(loaded.value().attributes["cni"], 7);
}

// A record handed over is not kept when its batch deletes it, nor when the write failed.
TEST(RecordCacheTest, CommitKeepsNoRecordItsBatchDeletesOrFailedToWrite) {
  CountingStore store;
  ResourceRepository repository(store);
  auto cnt = sharedContainer();
  storage::WriteBatch put_then_delete;
  ResourceRepository::stagePut(put_then_delete, *cnt);
  put_then_delete.del(keys::resource("cnt1"));
  ASSERT_OK(repository.commit(put_then_delete, {cnt}));
  EXPECT_EQ(repository.load("cnt1").status().rsc(), model::Rsc::kNotFound);

  storage::WriteBatch refused;  // a failed condition: nothing written, nothing cached
  refused.expectValue(keys::resource("cnt1"), "not this");
  ResourceRepository::stagePut(refused, *cnt);
  EXPECT_FALSE(repository.commit(refused, {cnt}).isOk());
  EXPECT_EQ(repository.load("cnt1").status().rsc(), model::Rsc::kNotFound);
}

// Another commit reaching the same cache shard between this commit's start and its own
// invalidation (here: in the middle of its store write) makes the write-through drop its
// record rather than risk keeping an older version than the store's.
TEST(RecordCacheTest, CommitDropsItsWriteThroughWhenAnotherCommitRacedIt) {
  CountingStore store;
  ResourceRepository repository(store);
  auto v1 = sharedContainer({{"v", 1}});
  auto v2 = std::make_shared<Resource>(*v1);
  v2->attributes["v"] = 2;
  store.during_write = [&] {
    storage::WriteBatch racing;
    ResourceRepository::stagePut(racing, *v2);
    ASSERT_OK(repository.commit(racing));
  };
  storage::WriteBatch batch;
  ResourceRepository::stagePut(batch, *v1);
  ASSERT_OK(repository.commit(batch, {v1}));
  int gets_before = store.gets;
  auto loaded = repository.load("cnt1");
  ASSERT_OK(loaded);
  EXPECT_EQ(store.gets, gets_before + 1);  // not served from the cache
  EXPECT_EQ(loaded.value().attributes["v"], 2);  // the store's version, the last written
}

}  // namespace
}  // namespace citadel::resources
