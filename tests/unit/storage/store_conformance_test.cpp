// The Store conformance suite (storage/store.h): every Store implementation must pass it. Run
// against MemoryStore (unit tests) and RocksDbStore (production; a temp dir): get/put/delete,
// batch atomicity, iteration order and snapshots, conditional writes and racing conditional
// writers. A new engine (a SQL store) joins by adding one value to INSTANTIATE_TEST_SUITE_P.
#include "storage/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <memory>
#include <string>
#include <thread>
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

TEST_P(StoreTest, ExpectAbsentAppliesWhenKeyIsMissing) {
  WriteBatch batch;
  batch.expectAbsent("c/p/name");
  batch.put("c/p/name", "ri1");
  batch.put("r/ri1", "record");
  ASSERT_OK(store_->write(batch));
  std::string value;
  ASSERT_OK(store_->get("c/p/name", &value));
  EXPECT_EQ(value, "ri1");
}

TEST_P(StoreTest, ExpectAbsentFailsWhenKeyExistsAndAppliesNothing) {
  put("c/p/name", "ri1");
  WriteBatch batch;
  batch.put("r/ri2", "record");  // before the condition in the batch: still not applied
  batch.expectAbsent("c/p/name");
  batch.put("c/p/name", "ri2");
  Status status = store_->write(batch);
  ASSERT_RSC(status, Rsc::kConflict);
  EXPECT_EQ(status.reason(), kConditionFailed);
  EXPECT_TRUE(isConditionFailed(status));
  std::string value;
  ASSERT_OK(store_->get("c/p/name", &value));
  EXPECT_EQ(value, "ri1");
  ASSERT_RSC(store_->get("r/ri2", &value), Rsc::kNotFound);
}

TEST_P(StoreTest, ExpectValueAppliesOnlyOnExactBytes) {
  put("r/cnt1", std::string("v\0one", 5));
  WriteBatch stale;
  stale.expectValue("r/cnt1", "v");  // a prefix of the stored bytes is not a match
  stale.put("r/cnt1", "lost");
  ASSERT_TRUE(isConditionFailed(store_->write(stale)));
  WriteBatch current;
  current.expectValue("r/cnt1", std::string("v\0one", 5));
  current.put("r/cnt1", "two");
  ASSERT_OK(store_->write(current));
  std::string value;
  ASSERT_OK(store_->get("r/cnt1", &value));
  EXPECT_EQ(value, "two");
}

TEST_P(StoreTest, ExpectValueFailsWhenKeyIsMissing) {
  WriteBatch batch;
  batch.expectValue("r/gone", "");
  batch.put("r/gone", "back");
  ASSERT_TRUE(isConditionFailed(store_->write(batch)));
  std::string value;
  ASSERT_RSC(store_->get("r/gone", &value), Rsc::kNotFound);
}

TEST_P(StoreTest, ConditionsSeeTheStateBeforeTheirOwnBatch) {
  put("k/a", "1");
  WriteBatch batch;
  batch.del("k/a");
  batch.expectValue("k/a", "1");  // checked before any operation of the batch applies
  batch.put("k/b", "2");
  batch.expectAbsent("k/b");
  ASSERT_OK(store_->write(batch));
  std::string value;
  ASSERT_RSC(store_->get("k/a", &value), Rsc::kNotFound);
  ASSERT_OK(store_->get("k/b", &value));
}

TEST_P(StoreTest, FailedConditionOfOneBatchLeavesOthersAlone) {
  put("k/taken", "x");
  WriteBatch failing;
  failing.expectAbsent("k/free");
  failing.expectAbsent("k/taken");
  failing.put("k/free", "y");
  ASSERT_TRUE(isConditionFailed(store_->write(failing)));
  WriteBatch plain;
  plain.put("k/free", "z");
  ASSERT_OK(store_->write(plain));
  std::string value;
  ASSERT_OK(store_->get("k/free", &value));
  EXPECT_EQ(value, "z");
}

TEST_P(StoreTest, ExactlyOneOfRacingExpectAbsentWritersWins) {
  constexpr int kWriters = 8;
  std::latch start(kWriters);
  std::vector<Status> results(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      WriteBatch batch;
      batch.expectAbsent("c/p/same-name");
      batch.put("c/p/same-name", "ri" + std::to_string(i));
      batch.put("r/ri" + std::to_string(i), "record");
      start.arrive_and_wait();
      results[i] = store_->write(batch);
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  int winner = -1;
  for (int i = 0; i < kWriters; ++i) {
    if (results[i].isOk()) {
      EXPECT_EQ(winner, -1) << "two writers won";
      winner = i;
    } else {
      EXPECT_TRUE(isConditionFailed(results[i])) << results[i].dbg();
    }
  }
  ASSERT_NE(winner, -1);
  std::string value;
  ASSERT_OK(store_->get("c/p/same-name", &value));
  EXPECT_EQ(value, "ri" + std::to_string(winner));
  EXPECT_EQ(scan("r/"), std::vector<std::string>{"r/ri" + std::to_string(winner)});
}

TEST_P(StoreTest, CompareAndSetLosesNoIncrementUnderRacingWriters) {
  constexpr int kWriters = 4;
  constexpr int kIncrements = 50;
  put("n/counter", "0");
  std::latch start(kWriters);
  std::vector<std::thread> threads;
  std::atomic<int> faults{0};
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int done = 0; done < kIncrements;) {
        std::string current;
        if (!store_->get("n/counter", &current).isOk()) {
          ++faults;
          return;
        }
        WriteBatch batch;
        batch.expectValue("n/counter", current);
        batch.put("n/counter", std::to_string(std::stoi(current) + 1));
        Status status = store_->write(batch);
        if (status.isOk()) {
          ++done;
        } else if (!isConditionFailed(status)) {
          ++faults;
          return;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(faults.load(), 0);
  std::string value;
  ASSERT_OK(store_->get("n/counter", &value));
  EXPECT_EQ(value, std::to_string(kWriters * kIncrements));
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
