// RocksDbStore specifics: durability across close and reopen, and clear open failures.
#include "storage/rocksdb/rocksdb_store.h"

#include <rocksdb/status.h>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>
#include <string>

#include "storage/rocksdb/rocksdb_status.h"
#include "tests/support/status_macros.h"
#include "tests/support/temp_dir.h"

namespace citadel::storage {
namespace {

using model::Rsc;

TEST(RocksDbStoreTest, KeepsAcknowledgedWritesAcrossReopen) {
  citadel::testing::TempDir dir;
  RocksDbOptions options{.path = dir.path() + "/db", .sync = true};
  {
    auto opened = RocksDbStore::open(options);
    ASSERT_OK(opened);
    WriteBatch batch;
    batch.put("r/cnt1", "container");
    batch.put("c/id-in/data", "cnt1");
    batch.put("r/doomed", "x");
    ASSERT_OK(opened.value()->write(batch));
    WriteBatch removal;
    removal.del("r/doomed");
    ASSERT_OK(opened.value()->write(removal));
  }
  auto reopened = RocksDbStore::open(options);
  ASSERT_OK(reopened);
  std::string value;
  ASSERT_OK(reopened.value()->get("r/cnt1", &value));
  EXPECT_EQ(value, "container");
  ASSERT_OK(reopened.value()->get("c/id-in/data", &value));
  EXPECT_EQ(value, "cnt1");
  ASSERT_RSC(reopened.value()->get("r/doomed", &value), Rsc::kNotFound);
}

// Group commit across callers' locks (DeferredSync, store.h): writers that each hold their own
// lock while writing and await the fsync after releasing it. Every awaited write is readable at
// once and present after reopen; a scope that wrote nothing awaits nothing.
TEST(RocksDbStoreTest, DeferredSyncScopesShareAnFsyncAndKeepEveryAwaitedWrite) {
  citadel::testing::TempDir dir;
  RocksDbOptions options{.path = dir.path() + "/db", .sync = true};
  constexpr int kThreads = 8;
  constexpr int kWrites = 50;
  {
    auto opened = RocksDbStore::open(options);
    ASSERT_OK(opened);
    Store& store = *opened.value();
    {
      DeferredSync nothing(store);
      ASSERT_OK(nothing.await());
    }
    std::mutex parent_lock;  // as the dispatcher's lock on one container
    std::vector<std::thread> writers;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
      writers.emplace_back([&, t] {
        for (int i = 0; i < kWrites; ++i) {
          DeferredSync durable(store);
          {
            std::lock_guard lock(parent_lock);
            WriteBatch batch;
            batch.put("r/" + std::to_string(t) + "/" + std::to_string(i), "v");
            if (!store.write(batch).isOk()) ++failures;
          }
          if (!durable.await().isOk()) ++failures;
        }
      });
    }
    for (auto& w : writers) w.join();
    EXPECT_EQ(failures.load(), 0);
    // Writes outside any scope are synced inline, as before.
    WriteBatch plain;
    plain.put("r/plain", "p");
    ASSERT_OK(store.write(plain));
  }
  auto reopened = RocksDbStore::open(options);
  ASSERT_OK(reopened);
  std::string value;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kWrites; ++i) {
      ASSERT_OK(reopened.value()->get("r/" + std::to_string(t) + "/" + std::to_string(i), &value));
    }
  }
  ASSERT_OK(reopened.value()->get("r/plain", &value));
}

// A nested scope syncs what it wrote when it ends (its destructor awaits); the outer scope
// still awaits cleanly and the write is there.
TEST(RocksDbStoreTest, NestedDeferredSyncScopesAwaitTheInnerWrites) {
  citadel::testing::TempDir dir;
  RocksDbOptions options{.path = dir.path() + "/db", .sync = true};
  auto opened = RocksDbStore::open(options);
  ASSERT_OK(opened);
  Store& store = *opened.value();
  DeferredSync outer(store);
  {
    DeferredSync inner(store);
    WriteBatch batch;
    batch.put("r/inner", "i");
    ASSERT_OK(store.write(batch));
  }
  ASSERT_OK(outer.await());
  std::string value;
  ASSERT_OK(store.get("r/inner", &value));
  EXPECT_EQ(value, "i");
}

TEST(RocksDbStoreTest, CreatesMissingParentDirectories) {
  citadel::testing::TempDir dir;
  auto opened = RocksDbStore::open({.path = dir.path() + "/a/b/c"});
  ASSERT_OK(opened);
}

TEST(RocksDbStoreTest, RefusesSecondOpenOfLockedDirectory) {
  citadel::testing::TempDir dir;
  RocksDbOptions options{.path = dir.path() + "/db"};
  auto first = RocksDbStore::open(options);
  ASSERT_OK(first);
  auto second = RocksDbStore::open(options);
  ASSERT_RSC(second, Rsc::kInternalServerError);
  EXPECT_EQ(second.status().reason(), "store.open_failed");
  EXPECT_NE(second.status().dbg().find(options.path), std::string::npos);
}

TEST(RocksDbStoreTest, FailsToOpenWhenPathIsAFile) {
  citadel::testing::TempDir dir;
  std::string file = dir.path() + "/not-a-dir";
  std::ofstream(file) << "x";
  auto opened = RocksDbStore::open({.path = file});
  ASSERT_RSC(opened, Rsc::kInternalServerError);
  EXPECT_EQ(opened.status().reason(), "store.open_failed");
}

// The engine's text names files: it goes to the log, and the client sees "storage error".
TEST(RocksDbStoreTest, KeepsFilePathsAndEngineTextOutOfDbg) {
  rocksdb::Status io = rocksdb::Status::IOError(
      "While appending to file", "/var/lib/citadel/db/000042.log: No space left on device");
  Status status = fromRocksDb(io, "store.write_failed");
  ASSERT_RSC(status, Rsc::kInternalServerError);
  EXPECT_EQ(status.dbg(), "storage error");
  EXPECT_EQ(status.reason(), "store.write_failed");
  EXPECT_EQ(status.dbg().find('/'), std::string::npos);
  EXPECT_EQ(status.dbg().find("000042"), std::string::npos);
  Status corrupt = fromRocksDb(rocksdb::Status::Corruption("block checksum mismatch in /x/1.sst"),
                               "store.read_failed");
  EXPECT_EQ(corrupt.dbg(), "storage error");
  ASSERT_RSC(fromRocksDb(rocksdb::Status::NotFound(), "store.read_failed"), Rsc::kNotFound);
  EXPECT_OK(fromRocksDb(rocksdb::Status::OK(), "store.read_failed"));
}

}  // namespace
}  // namespace citadel::storage
