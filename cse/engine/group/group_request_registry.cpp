#include "cse/engine/group/group_request_registry.h"

namespace citadel::engine {

bool GroupRequestRegistry::record(std::string_view gid, std::string_view target,
                                  model::TimePoint now, std::optional<model::TimePoint> expires) {
  // '\n' cannot occur in either part (control characters are refused in stage 1).
  std::string key;
  key.reserve(gid.size() + 1 + target.size());
  key.append(gid).append(1, '\n').append(target);
  std::lock_guard lock(mutex_);
  if (auto it = expiry_by_key_.find(key); it != expiry_by_key_.end()) {
    if (it->second > now) {
      return false;
    }
    expiry_by_key_.erase(it);  // expired: the stale deque entry is skipped when it comes up
  }
  evictLocked(now);
  model::TimePoint until = expires.value_or(now + ttl_);
  expiry_by_key_.emplace(key, until);
  order_.push_back({std::move(key), until});
  return true;
}

void GroupRequestRegistry::evictLocked(model::TimePoint now) {
  // Drop what has expired at the front, and the oldest while full (the deque bounds both: the
  // map never holds a key the deque does not). A deque entry whose key was re-recorded after
  // expiring carries an older expiry than the map's: only the map's entry with the same expiry
  // is removed.
  while (!order_.empty() && (order_.front().expires <= now || order_.size() >= capacity_)) {
    auto it = expiry_by_key_.find(order_.front().key);
    if (it != expiry_by_key_.end() && it->second == order_.front().expires) {
      expiry_by_key_.erase(it);
    }
    order_.pop_front();
  }
}

size_t GroupRequestRegistry::size() const {
  std::lock_guard lock(mutex_);
  return expiry_by_key_.size();
}

}  // namespace citadel::engine
