#pragma once
// A Store for unit tests of the 5000 paths: a MemoryStore whose reads (get, iterators) fail on
// demand. Not thread-safe in its switches; set them before the code under test runs.

#include <memory>
#include <string>
#include <string_view>

#include "storage/memory_store.h"
#include "storage/store.h"

namespace citadel::testing {

// A Store whose reads fail on demand, for the 5000 paths (MemoryStore only fails writes).
class FaultyStore final : public storage::Store {
 public:
  model::Status get(std::string_view key, std::string* value) override {
    if (fail_gets_) {
      return model::Status::internal("injected read fault", "store.read_failed");
    }
    return inner_.get(key, value);
  }
  model::Status write(const storage::WriteBatch& batch) override { return inner_.write(batch); }
  std::unique_ptr<storage::Iterator> newIterator() override {
    if (fail_iterators_) {
      return std::make_unique<FailedIterator>();
    }
    return inner_.newIterator();
  }
  bool fail_gets_ = false;
  bool fail_iterators_ = false;

 private:
  // An iterator that met an I/O error at once: never valid, status 5000.
  class FailedIterator final : public storage::Iterator {
   public:
    void seek(std::string_view) override {}
    void seekForPrev(std::string_view) override {}
    bool valid() const override { return false; }
    void next() override {}
    void prev() override {}
    std::string_view key() const override { return {}; }
    std::string_view value() const override { return {}; }
    model::Status status() const override { return model::Status::internal("injected I/O error", "store.io"); }
  };

  storage::MemoryStore inner_;
};

}  // namespace citadel::testing
