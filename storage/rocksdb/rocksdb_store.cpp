#include "storage/rocksdb/rocksdb_store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <functional>
#include <mutex>

#include "cse/model/log.h"
#include "storage/rocksdb/rocksdb_status.h"

namespace citadel::storage {
namespace {

class RocksDbIterator final : public Iterator {
 public:
  explicit RocksDbIterator(rocksdb::Iterator* it) : it_(it) {}
  void seek(std::string_view target) override { it_->Seek(rocksdb::Slice(target)); }
  void seekForPrev(std::string_view target) override {
    it_->SeekForPrev(rocksdb::Slice(target));
  }
  bool valid() const override { return it_->Valid(); }
  void next() override { it_->Next(); }
  void prev() override { it_->Prev(); }
  std::string_view key() const override { return it_->key().ToStringView(); }
  std::string_view value() const override { return it_->value().ToStringView(); }
  Status status() const override { return fromRocksDb(it_->status(), "store.iterate_failed"); }

 private:
  std::unique_ptr<rocksdb::Iterator> it_;
};

// The prefixes under which keys arrive in order, for the memtable's insert hints: an insert
// under such a prefix starts its skip-list search where the previous one under the same prefix
// ended, instead of at the top (issue 25 #4: the memtable inserts were a fifth of a CREATE's
// instructions). In the repository's layout (resources/key_layout.h):
//   "r/cin"            records of contentInstances, whose IDs are time-ordered
//                      (resources::timeOrderedResourceId);
//   "c/<parent>/"      the names under one parent (an instance's name is its ID by default);
//   "t/<ty>/<parent>/" the type index of the children of one parent (up to the last '/');
//   "i/<container>/"   a container's instance index (st grows);
//   "e/"               the expiry index (et mostly grows with time).
// Other keys get no hint; a key that arrives out of order under its prefix only loses the
// saving. One hint (a few hundred bytes of the memtable's arena) per prefix in use.
class OrderedRangePrefix final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "citadel.OrderedRangePrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    std::string_view view = key.ToStringView();
    size_t end = view.size();
    if (view.starts_with("r/cin")) {
      end = 5;
    } else if (view.starts_with("e/")) {
      end = 2;
    } else if (view.starts_with("t/")) {
      end = view.rfind('/') + 1;
    } else {  // "c/" and "i/": up to and including the '/' after the parent's resource ID
      size_t slash = view.find('/', 2);
      end = slash == std::string_view::npos ? view.size() : slash + 1;
    }
    return rocksdb::Slice(key.data(), end);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return key.starts_with("i/") || key.starts_with("e/") || key.starts_with("c/") ||
           key.starts_with("t/") || key.starts_with("r/cin");
  }
};

}  // namespace

model::Result<std::unique_ptr<RocksDbStore>> RocksDbStore::open(const RocksDbOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.path, ec);
  if (ec) {
    return Status::internal("cannot create storage directory " + options.path + ": " +
                            ec.message(), "store.open_failed");
  }
  // The tree holds every resource (tokens, PSK-bound identities, data): only the CSE's own
  // user may enter the directory, whatever the umask made of the files in it.
  std::filesystem::permissions(options.path, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  if (ec) {
    LOG_WARN("cannot restrict storage directory " << options.path << " to its owner: "
                                                  << ec.message());
  }
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  // Two cores: one background job is enough and keeps memory at rest small.
  db_options.max_background_jobs = 2;
  db_options.write_buffer_size = 16 << 20;
  db_options.max_write_buffer_number = 3;
  db_options.keep_log_file_num = 4;
  db_options.enable_pipelined_write = true;
  // Insert hints (OrderedRangePrefix) are used only when one thread inserts a write group into
  // the memtable; on two cores concurrent inserts gained nothing measurable.
  db_options.allow_concurrent_memtable_write = false;
  db_options.memtable_insert_with_hint_prefix_extractor = std::make_shared<OrderedRangePrefix>();
  // A whole-key bloom filter on each memtable (2 % of its size, ~330 KiB): a point read of a
  // record already flushed to a table file skips the memtables' skip lists instead of searching
  // them (issue 25: discovery loads ~100 records per request, most of them flushed).
  db_options.memtable_prefix_bloom_size_ratio = 0.02;
  db_options.memtable_whole_key_filtering = true;
  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = rocksdb::NewLRUCache(options.block_cache_mb << 20);
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.path, &raw);
  if (!s.ok()) {
    return Status::internal("cannot open RocksDB at " + options.path + ": " + s.ToString(),
                            "store.open_failed");
  }
  return std::unique_ptr<RocksDbStore>(
      new RocksDbStore(std::unique_ptr<rocksdb::DB>(raw), options.sync));
}

RocksDbStore::RocksDbStore(std::unique_ptr<rocksdb::DB> db, bool sync)
    : db_(std::move(db)), sync_(sync) {}

RocksDbStore::~RocksDbStore() {
  if (db_) {
    db_->Close().PermitUncheckedError();
  }
}

namespace {

// The DeferredSync scope of the calling thread: which store it defers, how deep, and the
// highest sequence number it wrote without fsync.
struct Deferral {
  const RocksDbStore* store = nullptr;
  int depth = 0;
  uint64_t pending = 0;
};
thread_local Deferral deferral;

}  // namespace

Status RocksDbStore::get(std::string_view key, std::string* value) {
  return fromRocksDb(db_->Get(rocksdb::ReadOptions(), rocksdb::Slice(key), value),
                     "store.read_failed");
}

size_t RocksDbStore::stripeOf(std::string_view key) {
  return std::hash<std::string_view>{}(key) % kStripes;
}

Status RocksDbStore::checkConditions(const WriteBatch& batch) {
  std::string current;
  for (const auto& condition : batch.conditions()) {
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), rocksdb::Slice(condition.key), &current);
    if (!s.ok() && !s.IsNotFound()) {
      return fromRocksDb(s, "store.read_failed");
    }
    if (!conditionHolds(condition, s.ok(), current)) {
      return conditionFailed();
    }
  }
  return Status::ok();
}

Status RocksDbStore::write(const WriteBatch& batch) {
  // Each batch holds the stripes of every key it checks or writes, in index order (no
  // deadlock): nothing writes a conditioned key between its check and the apply, while batches
  // on other keys run at once and RocksDB still groups them (one fsync for many).
  std::array<bool, kStripes> wanted{};
  for (const auto& condition : batch.conditions()) wanted[stripeOf(condition.key)] = true;
  for (const auto& op : batch.ops()) wanted[stripeOf(op.key)] = true;
  std::array<std::unique_lock<std::mutex>, kStripes> held;
  for (size_t i = 0; i < kStripes; ++i) {
    if (wanted[i]) held[i] = std::unique_lock(stripes_[i]);
  }
  if (!batch.conditions().empty()) {
    CITADEL_RETURN_IF_ERROR(checkConditions(batch));
  }
  rocksdb::WriteBatch rb;
  for (const auto& op : batch.ops()) {
    if (op.is_delete) {
      rb.Delete(op.key);
    } else {
      rb.Put(op.key, op.value);
    }
  }
  rocksdb::WriteOptions write_options;
  bool deferred = sync_ && deferral.depth > 0 && deferral.store == this;
  write_options.sync = sync_ && !deferred;
  CITADEL_RETURN_IF_ERROR(fromRocksDb(db_->Write(write_options, &rb), "store.write_failed"));
  if (deferred) {
    // At least this batch's sequence number (later writers' may be included: waiting for them
    // too costs nothing, their fsync is the same one).
    deferral.pending = std::max(deferral.pending, db_->GetLatestSequenceNumber());
  }
  return Status::ok();
}

void RocksDbStore::beginDeferred() {
  if (deferral.depth++ == 0) {
    deferral.store = this;
  }
}

void RocksDbStore::endDeferred() {
  if (deferral.depth > 0 && --deferral.depth == 0) {
    deferral.store = nullptr;
    deferral.pending = 0;
  }
}

Status RocksDbStore::awaitDeferred() {
  uint64_t wanted = deferral.store == this ? deferral.pending : 0;
  deferral.pending = 0;
  if (wanted == 0) {
    return Status::ok();
  }
  std::unique_lock lock(sync_mutex_);
  while (synced_sequence_ < wanted) {
    if (syncing_) {
      synced_.wait(lock);
      continue;
    }
    // Lead one sync for everything written so far, ours and that of every thread now waiting.
    syncing_ = true;
    uint64_t covered = db_->GetLatestSequenceNumber();
    lock.unlock();
    rocksdb::Status s = db_->SyncWAL();
    lock.lock();
    syncing_ = false;
    if (s.ok()) {
      synced_sequence_ = std::max(synced_sequence_, covered);
    }
    synced_.notify_all();
    if (!s.ok()) {
      return fromRocksDb(s, "store.sync_failed");
    }
  }
  return Status::ok();
}

std::unique_ptr<Iterator> RocksDbStore::newIterator() {
  return std::make_unique<RocksDbIterator>(db_->NewIterator(rocksdb::ReadOptions()));
}

}  // namespace citadel::storage
