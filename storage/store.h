#pragma once
// The key-value contract every storage engine implements. Keys and values are opaque bytes; the
// key layout lives in key_layout.h. RocksDbStore is the production engine, MemoryStore the one
// for unit tests.
//
// CRASH PROMISE (kept by every engine used in production):
//  * A write() that returned OK survives a crash of the CSE process (kill -9) and a restart.
//  * With sync=true it also survives a machine crash or power loss: write() returns only after
//    the write-ahead log is fsync'ed (concurrent writers share one fsync: group commit).
//  * A WriteBatch is atomic: after any crash either all of its operations are visible or none.
//  * An error from write() means the batch may not have been applied; callers answer 5000 and
//    never acknowledge the primitive.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/status.h"

namespace citadel::storage {

using model::Status;

class WriteBatch {
 public:
  struct Op {
    bool is_delete;
    std::string key;
    std::string value;
  };
  void put(std::string key, std::string value) {
    ops_.push_back({false, std::move(key), std::move(value)});
  }
  void del(std::string key) { ops_.push_back({true, std::move(key), {}}); }
  const std::vector<Op>& ops() const { return ops_; }
  bool empty() const { return ops_.empty(); }
  size_t size() const { return ops_.size(); }

 private:
  std::vector<Op> ops_;
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
  // Applies `batch` atomically (see the crash promise above). Thread-safe.
  virtual Status write(const WriteBatch& batch) = 0;
  // A new iterator over a snapshot of the whole key space. Thread-safe.
  virtual std::unique_ptr<Iterator> newIterator() = 0;
};

inline bool isNotFound(const Status& status) {
  return status.rsc() == model::Rsc::kNotFound;
}

}  // namespace citadel::storage
