#pragma once
// A Store for unit tests of caches in front of the store: a MemoryStore that counts reads
// (`gets`) and can run `during_write` once, right after the next write is applied (a commit
// that races the writer between its store write and its cache invalidations). Not
// thread-safe in its counters; the tests drive it from one thread.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "storage/memory_store.h"
#include "storage/store.h"

namespace citadel::testing {

class CountingStore final : public storage::Store {
 public:
  model::Status get(std::string_view key, std::string* value) override {
    ++gets;
    return inner.get(key, value);
  }
  std::unique_ptr<storage::Iterator> newIterator() override { return inner.newIterator(); }
  model::Status write(const storage::WriteBatch& batch) override {
    model::Status status = inner.write(batch);
    if (during_write) {
      auto race = std::move(during_write);
      during_write = nullptr;
      race();
    }
    return status;
  }

  storage::MemoryStore inner;
  int gets = 0;
  std::function<void()> during_write;
};

}  // namespace citadel::testing
