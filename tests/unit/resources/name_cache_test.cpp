// NameCache and its use by ResourceRepository::findChild: names are served without a store read
// once found, forgotten by the commit that deletes or rewrites them, and a lookup that raced
// such a commit keeps nothing.
#include "resources/name_cache.h"

#include <gtest/gtest.h>

#include "resources/key_layout.h"
#include "resources/resource_repository.h"
#include "storage/memory_store.h"
#include "tests/support/counting_store.h"
#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using citadel::testing::CountingStore;

Resource container(const std::string& ri, const std::string& name) {
  Resource r;
  r.attributes = {{"ri", ri}, {"ty", 3}, {"rn", name}, {"pi", "ae1"}};
  return r;
}

// Commits a new resource with its indexes (its name among them).
void commitNew(ResourceRepository& repository, const Resource& resource) {
  storage::WriteBatch create;
  ResourceRepository::stagePut(create, resource);
  ResourceRepository::stageIndexes(create, resource);
  ASSERT_OK(repository.commit(create));
}

TEST(NameCacheTest, KeepsANameUntilInvalidated) {
  NameCache cache(64);
  cache.insert("ae1/data", "cnt1", cache.generation("ae1/data"));
  EXPECT_EQ(cache.find("ae1/data"), "cnt1");
  cache.invalidate("ae1/data");
  EXPECT_EQ(cache.find("ae1/data"), std::nullopt);
}

TEST(NameCacheTest, DropsALookupThatRacedAnInvalidation) {
  NameCache cache(64);
  uint64_t before = cache.generation("ae1/data");  // a lookup starts and reads the store
  cache.invalidate("ae1/data");                     // a DELETE commits meanwhile
  cache.insert("ae1/data", "cnt1", before);
  EXPECT_EQ(cache.find("ae1/data"), std::nullopt);
}

TEST(NameCacheTest, StaysWithinItsCapacity) {
  NameCache cache(32);  // two names per shard
  for (int i = 0; i < 500; ++i) {
    std::string key = "ae1/c" + std::to_string(i);
    cache.insert(key, "ri" + std::to_string(i), cache.generation(key));
  }
  int kept = 0;
  for (int i = 0; i < 500; ++i) {
    if (cache.find("ae1/c" + std::to_string(i))) ++kept;
  }
  EXPECT_LE(kept, 32);
  EXPECT_GT(kept, 0);
}

TEST(NameCacheTest, DisabledWithCapacityZero) {
  NameCache cache(0);
  cache.insert("ae1/data", "cnt1", cache.generation("ae1/data"));
  EXPECT_EQ(cache.find("ae1/data"), std::nullopt);
}

TEST(NameCacheTest, RepositoryServesAFoundNameWithoutAStoreRead) {
  CountingStore store;
  ResourceRepository repository(store);
  commitNew(repository, container("cnt1", "data"));
  auto first = repository.findChild("ae1", "data");
  ASSERT_OK(first);
  EXPECT_EQ(first.value(), "cnt1");
  int gets = store.gets;
  auto second = repository.findChild("ae1", "data");
  ASSERT_OK(second);
  EXPECT_EQ(second.value(), "cnt1");
  EXPECT_EQ(store.gets, gets);
}

// A deleted resource's name resolves to nothing at once, and a new resource of the same name
// to the new resource ID: the cache never answers with the old one.
TEST(NameCacheTest, RepositoryForgetsANameItsDeletionOrReplacementCommitted) {
  CountingStore store;
  ResourceRepository repository(store);
  Resource old_cnt = container("cnt1", "data");
  commitNew(repository, old_cnt);
  ASSERT_OK(repository.findChild("ae1", "data"));  // now cached

  storage::WriteBatch removal;
  ResourceRepository::stageRemove(removal, old_cnt);
  ASSERT_OK(repository.commit(removal));
  auto gone = repository.findChild("ae1", "data");
  ASSERT_OK(gone);
  EXPECT_EQ(gone.value(), std::nullopt);

  commitNew(repository, container("cnt2", "data"));
  auto found = repository.findChild("ae1", "data");
  ASSERT_OK(found);
  EXPECT_EQ(found.value(), "cnt2");
}

}  // namespace
}  // namespace citadel::resources
