#include "storage/memory_store.h"

#include <mutex>

namespace citadel::storage {
namespace {

// Iterates over a copy: simple, and a real snapshot. Unit-test data sets are small.
class MemoryIterator final : public Iterator {
 public:
  explicit MemoryIterator(std::map<std::string, std::string, std::less<>> data)
      : data_(std::move(data)), it_(data_.end()) {}
  void seek(std::string_view target) override { it_ = data_.lower_bound(target); }
  void seekForPrev(std::string_view target) override {
    it_ = data_.upper_bound(target);
    if (it_ == data_.begin()) {
      it_ = data_.end();
    } else {
      --it_;
    }
  }
  bool valid() const override { return it_ != data_.end(); }
  void next() override { ++it_; }
  void prev() override {
    if (it_ == data_.begin()) {
      it_ = data_.end();
    } else {
      --it_;
    }
  }
  std::string_view key() const override { return it_->first; }
  std::string_view value() const override { return it_->second; }
  Status status() const override { return Status::ok(); }

 private:
  std::map<std::string, std::string, std::less<>> data_;
  std::map<std::string, std::string, std::less<>>::iterator it_;
};

}  // namespace

Status MemoryStore::get(std::string_view key, std::string* value) {
  std::shared_lock lock(mutex_);
  auto it = data_.find(key);
  if (it == data_.end()) {
    return Status::notFound("not found", "store.not_found");
  }
  *value = it->second;
  return Status::ok();
}

Status MemoryStore::write(const WriteBatch& batch) {
  std::unique_lock lock(mutex_);
  if (fail_writes_) {
    return Status::internal("storage write failed", "store.write_failed");
  }
  // Checked under the same exclusive lock as the apply: no writer can come in between.
  for (const auto& condition : batch.conditions()) {
    auto it = data_.find(condition.key);
    bool found = it != data_.end();
    if (!conditionHolds(condition, found, found ? std::string_view(it->second) : "")) {
      return conditionFailed();
    }
  }
  for (const auto& op : batch.ops()) {
    if (op.is_delete) {
      data_.erase(op.key);
    } else {
      data_.insert_or_assign(op.key, op.value);
    }
  }
  return Status::ok();
}

std::unique_ptr<Iterator> MemoryStore::newIterator() {
  std::shared_lock lock(mutex_);
  return std::make_unique<MemoryIterator>(data_);
}

}  // namespace citadel::storage
