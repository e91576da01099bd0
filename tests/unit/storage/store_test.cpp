// The Store contract (storage/store.h), run against both engines: MemoryStore (unit tests)
// and RocksDbStore (production) must behave the same for get/write/iterate.
#include "storage/store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "storage/memory_store.h"
#include "storage/rocksdb/rocksdb_store.h"
#include "tests/support/status_macros.h"
#include "tests/support/temp_dir.h"

namespace citadel::storage {
namespace {

using model::Rsc;

enum class Engine { kMemory, kRocksDb };

class StoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == Engine::kMemory) {
      store_ = std::make_unique<MemoryStore>();
      return;
    }
    auto opened = RocksDbStore::open({.path = dir_.path() + "/db"});
    ASSERT_OK(opened);
    store_ = std::move(opened).value();
  }

  void put(const std::string& key, const std::string& value) {
    WriteBatch batch;
    batch.put(key, value);
    ASSERT_OK(store_->write(batch));
  }

  // Keys from a forward scan of [prefix, prefixEnd).
  std::vector<std::string> scan(const std::string& prefix) {
    std::vector<std::string> keys;
    auto it = store_->newIterator();
    for (it->seek(prefix); it->valid() && it->key().starts_with(prefix); it->next()) {
      keys.emplace_back(it->key());
    }
    EXPECT_OK(it->status());
    return keys;
  }

  citadel::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, ReturnsNotFoundForMissingKey) {
  std::string value = "untouched";
  Status status = store_->get("r/nothing", &value);
  ASSERT_RSC(status, Rsc::kNotFound);
  EXPECT_EQ(status.reason(), "store.not_found");
  EXPECT_TRUE(isNotFound(status));
}

TEST_P(StoreTest, GetsWhatWasPut) {
  put("r/abc", "value-1");
  std::string value;
  ASSERT_OK(store_->get("r/abc", &value));
  EXPECT_EQ(value, "value-1");
}

TEST_P(StoreTest, OverwritesExistingKey) {
  put("r/abc", "old");
  put("r/abc", "new");
  std::string value;
  ASSERT_OK(store_->get("r/abc", &value));
  EXPECT_EQ(value, "new");
}

TEST_P(StoreTest, StoresBinaryValuesAndKeys) {
  std::string key("r/\0\xff", 4);
  std::string value("\0\x01\x02\xff", 4);
  put(key, value);
  std::string read;
  ASSERT_OK(store_->get(key, &read));
  EXPECT_EQ(read, value);
  ASSERT_RSC(store_->get("r/", &read), Rsc::kNotFound);
}

TEST_P(StoreTest, DeletesKey) {
  put("r/abc", "x");
  WriteBatch batch;
  batch.del("r/abc");
  ASSERT_OK(store_->write(batch));
  std::string value;
  ASSERT_RSC(store_->get("r/abc", &value), Rsc::kNotFound);
}

TEST_P(StoreTest, DeletingMissingKeySucceeds) {
  WriteBatch batch;
  batch.del("r/never-there");
  EXPECT_OK(store_->write(batch));
}

TEST_P(StoreTest, AppliesBatchOperationsInOrder) {
  put("r/gone", "x");
  WriteBatch batch;
  batch.put("r/a", "1");
  batch.put("r/b", "2");
  batch.del("r/gone");
  batch.put("r/a", "3");  // a later op on the same key wins
  batch.put("r/c", "4");
  batch.del("r/c");
  EXPECT_EQ(batch.size(), 6u);
  ASSERT_OK(store_->write(batch));
  std::string value;
  ASSERT_OK(store_->get("r/a", &value));
  EXPECT_EQ(value, "3");
  ASSERT_OK(store_->get("r/b", &value));
  EXPECT_EQ(value, "2");
  ASSERT_RSC(store_->get("r/gone", &value), Rsc::kNotFound);
  ASSERT_RSC(store_->get("r/c", &value), Rsc::kNotFound);
}

TEST_P(StoreTest, WritesEmptyBatch) {
  WriteBatch batch;
  EXPECT_TRUE(batch.empty());
  EXPECT_OK(store_->write(batch));
}

TEST_P(StoreTest, ScansOnlyKeysUnderPrefixInByteOrder) {
  put("c/p1/b", "rb");
  put("c/p1/a", "ra");
  put("c/p1/c", "rc");
  put("c/p10/x", "other parent");  // shares the text "c/p1" but not the prefix "c/p1/"
  put("c/p0/z", "before");
  put("r/p1", "record");
  EXPECT_EQ(scan("c/p1/"), (std::vector<std::string>{"c/p1/a", "c/p1/b", "c/p1/c"}));
}

TEST_P(StoreTest, SeeksToFirstKeyAtOrAfterTarget) {
  put("k/1", "a");
  put("k/3", "b");
  auto it = store_->newIterator();
  it->seek("k/2");
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->key(), "k/3");
  EXPECT_EQ(it->value(), "b");
  it->seek("k/1");
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->key(), "k/1");
  it->seek("k/4");
  EXPECT_FALSE(it->valid());
  EXPECT_OK(it->status());
}

TEST_P(StoreTest, SeeksForPrevToLastKeyAtOrBeforeTarget) {
  put("k/1", "a");
  put("k/3", "b");
  auto it = store_->newIterator();
  it->seekForPrev("k/2");
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->key(), "k/1");
  it->seekForPrev("k/3");
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->key(), "k/3");
  it->seekForPrev("k/0");
  EXPECT_FALSE(it->valid());
  it->seekForPrev("z");
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->key(), "k/3");
}

TEST_P(StoreTest, MovesBackwardsWithPrev) {
  put("k/1", "a");
  put("k/2", "b");
  put("k/3", "c");
  auto it = store_->newIterator();
  it->seekForPrev("k/9");
  std::vector<std::string> keys;
  for (; it->valid(); it->prev()) {
    keys.emplace_back(it->key());
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"k/3", "k/2", "k/1"}));
  EXPECT_OK(it->status());
}

TEST_P(StoreTest, FindsLastKeyOfPrefixWithSeekForPrevOnPrefixEnd) {
  // The latest-instance lookup: seekForPrev(prefix end) lands on the greatest key of the
  // prefix, not on a key of the next prefix.
  put("i/cnt1/0000000000000001", "cin1");
  put("i/cnt1/0000000000000002", "cin2");
  put("i/cnt10/0000000000000009", "other");
  put("i/cnt2/0000000000000005", "other");
  auto it = store_->newIterator();
  it->seekForPrev("i/cnt10");  // "i/cnt1/" with '/' + 1 == '0'
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->key(), "i/cnt1/0000000000000002");
}

TEST_P(StoreTest, IteratorSeesSnapshotFromCreation) {
  put("k/1", "before");
  auto it = store_->newIterator();
  put("k/2", "after");
  put("k/1", "changed");
  it->seek("k/");
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->key(), "k/1");
  EXPECT_EQ(it->value(), "before");
  it->next();
  EXPECT_FALSE(it->valid());
}

TEST_P(StoreTest, IteratesEmptyStore) {
  auto it = store_->newIterator();
  it->seek("");
  EXPECT_FALSE(it->valid());
  it->seekForPrev("\xff");
  EXPECT_FALSE(it->valid());
  EXPECT_OK(it->status());
}

INSTANTIATE_TEST_SUITE_P(AllEngines, StoreTest,
                         ::testing::Values(Engine::kMemory, Engine::kRocksDb),
                         [](const ::testing::TestParamInfo<Engine>& info) {
                           return info.param == Engine::kMemory ? "Memory" : "RocksDb";
                         });

TEST(MemoryStoreTest, FailsWritesWhenToldTo) {
  MemoryStore store;
  store.failWritesForTest(true);
  WriteBatch batch;
  batch.put("k", "v");
  Status status = store.write(batch);
  ASSERT_RSC(status, Rsc::kInternalServerError);
  EXPECT_EQ(status.reason(), "store.write_failed");
  std::string value;
  ASSERT_RSC(store.get("k", &value), Rsc::kNotFound);  // nothing of the batch applied
  store.failWritesForTest(false);
  EXPECT_OK(store.write(batch));
}

}  // namespace
}  // namespace citadel::storage
