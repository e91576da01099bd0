#pragma once
// An in-memory Store for unit tests. Thread-safe; keeps no promise across process exit.
// Conditional writes are checked and applied under one exclusive lock.

#include <map>
#include <shared_mutex>

#include "storage/store.h"

namespace citadel::storage {

class MemoryStore final : public Store {
 public:
  Status get(std::string_view key, std::string* value) override;
  Status write(const WriteBatch& batch) override;
  std::unique_ptr<Iterator> newIterator() override;
  // Makes every later write() fail with 5000, to test error paths.
  void failWritesForTest(bool fail) { fail_writes_ = fail; }

 private:
  std::shared_mutex mutex_;
  std::map<std::string, std::string, std::less<>> data_;
  bool fail_writes_ = false;
};

}  // namespace citadel::storage
