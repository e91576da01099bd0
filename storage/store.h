#pragma once
// The key-value contract every storage engine implements. Keys and values are opaque bytes; the
// key layout lives in resources/key_layout.h. RocksDbStore is the production engine, MemoryStore the one
// for unit tests.
//
// CRASH PROMISE (kept by every engine used in production):
//  * A write() that returned OK survives a crash of the CSE process (kill -9) and a restart.
//  * With sync=true it also survives a machine crash or power loss: write() returns only after
//    the write-ahead log is fsync'ed (concurrent writers share one fsync: group commit). Inside
//    a DeferredSync scope the fsync is taken at the scope's await() instead, after the caller
//    has released its own locks, so that writers of one parent (which hold its lock while they
//    write) can share an fsync too; what the scope wrote is acknowledged only after await().
//  * A WriteBatch is atomic: after any crash either all of its operations are visible or none.
//  * An error from write() means the batch may not have been applied; callers answer 5000 and
//    never acknowledge the primitive.
//
// CONDITIONAL WRITES (what a store shared by several CSE processes needs for uniqueness):
//  * A WriteBatch may carry conditions on keys: expectAbsent(key) (the key must not exist) and
//    expectValue(key, bytes) (the key must hold exactly these bytes: compare-and-set on the
//    current value, so no version counter has to be kept beside each key).
//  * write() checks every condition and applies the operations as one atomic step with respect
//    to every other write() on the same store: no write can land between the check and the
//    apply. If any condition fails, nothing is applied and write() returns 4105 CONFLICT with
//    reason kConditionFailed ("store.condition_failed"); isConditionFailed() tells it apart.
//  * A condition may name a key that the same batch also writes (the check sees the state
//    before the batch). Conditions cost one read each; batches without conditions pay nothing.
//  * Any engine can keep this: RocksDB under its single-process lock (see rocksdb_store.h), and
//    a SQL store as SELECT ... FOR UPDATE (or INSERT ... ON CONFLICT DO NOTHING / UPDATE ...
//    WHERE value = $old) inside the transaction that applies the batch.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/status.h"

namespace citadel::storage {

using model::Status;

// Reason of the 4105 that write() returns when a condition of the batch does not hold.
inline constexpr std::string_view kConditionFailed = "store.condition_failed";

class WriteBatch {
 public:
  struct Op {
    bool is_delete;
    std::string key;
    std::string value;
  };
  struct Condition {
    bool expect_absent;  // true: `key` must not exist; false: it must hold exactly `value`
    std::string key;
    std::string value;
  };
  void put(std::string key, std::string value) {
    ops_.push_back({false, std::move(key), std::move(value)});
  }
  void del(std::string key) { ops_.push_back({true, std::move(key), {}}); }
  // The batch applies only if `key` does not exist when it is written.
  void expectAbsent(std::string key) { conditions_.push_back({true, std::move(key), {}}); }
  // The batch applies only if `key` exists and holds exactly `value` when it is written.
  void expectValue(std::string key, std::string value) {
    conditions_.push_back({false, std::move(key), std::move(value)});
  }
  const std::vector<Op>& ops() const { return ops_; }
  const std::vector<Condition>& conditions() const { return conditions_; }
  bool empty() const { return ops_.empty(); }
  size_t size() const { return ops_.size(); }

 private:
  std::vector<Op> ops_;
  std::vector<Condition> conditions_;
};

// Forward/backward iteration in byte order. Not thread-safe; one per thread. Sees a consistent
// snapshot taken when it was created.
class Iterator {
 public:
  virtual ~Iterator() = default;
  // Positions at the first key >= target.
  virtual void seek(std::string_view target) = 0;
  // Positions at the last key <= target.
  virtual void seekForPrev(std::string_view target) = 0;
  virtual bool valid() const = 0;
  virtual void next() = 0;
  virtual void prev() = 0;
  // Precondition: valid(). Views are invalidated by the next move.
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  // An I/O error met while iterating (valid() is false then); OK otherwise.
  virtual Status status() const = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // OK and `*value` filled when found; 4004 (reason "store.not_found") when absent; 5000 on an
  // I/O error. Thread-safe.
  virtual Status get(std::string_view key, std::string* value) = 0;
  // Applies `batch` atomically (see the crash promise above) if its conditions hold; 4105 with
  // reason kConditionFailed, and nothing applied, if one does not. Thread-safe.
  virtual Status write(const WriteBatch& batch) = 0;
  // A new iterator over a snapshot of the whole key space. Thread-safe.
  virtual std::unique_ptr<Iterator> newIterator() = 0;

  // Deferred sync (group commit across locks; see DeferredSync below). Between begin and end on
  // one thread, an engine that fsyncs may apply write()s without their fsync; awaitDeferred()
  // returns once everything this thread wrote since begin is durable: OK, or 5000 when the
  // fsync failed (nothing written in the scope may then be acknowledged). Engines without a
  // sync step keep the defaults. Scopes nest; only the outermost end stops deferring.
  virtual void beginDeferred() {}
  virtual Status awaitDeferred() { return Status::ok(); }
  virtual void endDeferred() {}
};

// RAII for Store::beginDeferred/awaitDeferred/endDeferred on the calling thread. Call await()
// before acknowledging what the scope wrote; the destructor awaits too (for early returns that
// answer an error), so nothing the scope wrote is left unsynced.
class DeferredSync {
 public:
  explicit DeferredSync(Store& store) : store_(store) { store_.beginDeferred(); }
  ~DeferredSync() {
    if (!awaited_) store_.awaitDeferred().ignore("an error answer is already on its way");
    store_.endDeferred();
  }
  DeferredSync(const DeferredSync&) = delete;
  DeferredSync& operator=(const DeferredSync&) = delete;

  Status await() {
    awaited_ = true;
    return store_.awaitDeferred();
  }

 private:
  Store& store_;
  bool awaited_ = false;
};

inline bool isNotFound(const Status& status) {
  return status.rsc() == model::Rsc::kNotFound;
}

inline bool isConditionFailed(const Status& status) {
  return status.rsc() == model::Rsc::kConflict && status.reason() == kConditionFailed;
}

// The status write() returns for a failed condition (engines share one wording).
inline Status conditionFailed() {
  return Status::conflict("the stored data changed concurrently; retry the request",
                          kConditionFailed);
}

// Whether `condition` holds given the key's current state (`found`, and `current` if found).
inline bool conditionHolds(const WriteBatch::Condition& condition, bool found,
                           std::string_view current) {
  return condition.expect_absent ? !found : found && current == condition.value;
}

}  // namespace citadel::storage
