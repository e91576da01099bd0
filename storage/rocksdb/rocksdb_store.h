#pragma once
// The production Store on RocksDB. Keeps the crash promise of storage/store.h: every write goes
// through the write-ahead log (never disableWAL), so an acknowledged write survives kill -9;
// with `sync` the WAL is fsync'ed before write() returns, and RocksDB's write groups give
// concurrent writers one shared fsync (group commit). In a DeferredSync scope (store.h) a write
// goes to the WAL without fsync and records its sequence number; awaitDeferred() then waits
// until one thread's SyncWAL() has covered it: the first waiter syncs for everyone waiting.
//
// Conditional writes (store.h): every batch locks the stripes (a fixed array of mutexes chosen
// by key hash) of the keys it checks or writes, then reads its conditioned keys and applies.
// Batches on different stripes proceed together. That is atomic with respect to every writer of
// this database because RocksDB's LOCK file lets one process at a time open the directory:
// there are no writers in other processes. A store shared by several processes needs the
// check inside the engine (a SQL transaction).

#include <memory>
#include <array>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <string>

#include "storage/store.h"

namespace rocksdb {
class DB;
}

namespace citadel::storage {

struct RocksDbOptions {
  std::string path;         // directory; created if missing
  bool sync = false;        // storage.sync
  size_t block_cache_mb = 8;
};

class RocksDbStore final : public Store {
 public:
  // Opens (or creates) the database. 5000 with a one-line reason when the directory is locked
  // by another process or unreadable.
  static model::Result<std::unique_ptr<RocksDbStore>> open(const RocksDbOptions& options);
  ~RocksDbStore() override;

  Status get(std::string_view key, std::string* value) override;
  Status write(const WriteBatch& batch) override;
  std::unique_ptr<Iterator> newIterator() override;
  void beginDeferred() override;
  Status awaitDeferred() override;
  void endDeferred() override;

 private:
  RocksDbStore(std::unique_ptr<rocksdb::DB> db, bool sync);
  static constexpr size_t kStripes = 64;
  static size_t stripeOf(std::string_view key);
  // OK when every condition of `batch` holds now; call with the stripes of its keys held.
  Status checkConditions(const WriteBatch& batch);

  std::unique_ptr<rocksdb::DB> db_;
  bool sync_;
  std::array<std::mutex, kStripes> stripes_;
  // Group commit of deferred writes: the WAL is durable up to synced_sequence_; one thread at a
  // time (syncing_) runs SyncWAL for every waiter.
  std::mutex sync_mutex_;
  std::condition_variable synced_;
  uint64_t synced_sequence_ = 0;
  bool syncing_ = false;
};

}  // namespace citadel::storage
