#pragma once
// The Group Request Identifiers this CSE has seen, with the targets each was used for
// (TS-0004 §7.3.3.2, "Check for duplicate group requests"): a request carrying a gid already
// recorded for the same target is refused with GROUP_REQUEST_IDENTIFIER_EXISTS (4104). The
// fan-out gives every member request one gid, so a resource reached twice through nested
// fanOutPoints (a diamond, or a group that is its own member) runs the request once.
//
// Bounded: at most `capacity` (gid, target) pairs, each kept until its expiry (the request's
// rqet, or `ttl` after it was recorded). When full, expired pairs go first, then the oldest:
// an originator flooding gids evicts entries early, which can only let a duplicate through
// (the fan-out's own depth bound still ends any loop), never refuse a fresh request.
//
// Thread-safety: all methods may be called from any thread.

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cse/model/clock.h"

namespace citadel::engine {

class GroupRequestRegistry {
 public:
  explicit GroupRequestRegistry(size_t capacity = 16384,
                                std::chrono::seconds ttl = std::chrono::seconds(60))
      : capacity_(capacity), ttl_(ttl) {}

  // True, and recorded until `expires` (now + ttl when unset), if (gid, target) was not seen
  // unexpired; false if it was (the caller answers 4104).
  bool record(std::string_view gid, std::string_view target, model::TimePoint now,
              std::optional<model::TimePoint> expires);

  size_t size() const;

 private:
  struct Entry {
    std::string key;
    model::TimePoint expires;
  };
  void evictLocked(model::TimePoint now);

  const size_t capacity_;
  const std::chrono::seconds ttl_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, model::TimePoint> expiry_by_key_;
  std::deque<Entry> order_;  // insertion order, for the oldest-first eviction
};

}  // namespace citadel::engine
