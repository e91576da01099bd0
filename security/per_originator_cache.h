#pragma once
// Entries with an expiry, keyed by (originator, key), bounded per originator and in total so
// that no originator can starve another (issue 15 #19): an originator over its share only ever
// gives up its own, soonest-ending entry; when the total is reached, the originator holding the
// most entries gives one up. So one originator cannot evict another's entries unless it holds
// no more than that one does. Expired entries are dropped as they are met. Thread-safe.
//
// Used for DAS grants (dynamic_grant_cache.h) and ESPrim rand objects (esprim/).

#include <algorithm>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "cse/model/clock.h"

namespace citadel::security {

template <class Value>
class PerOriginatorCache {
 public:
  // `capacity` entries in all, `per_originator` for one originator (both at least 1).
  PerOriginatorCache(size_t capacity, size_t per_originator)
      : capacity_(capacity < 1 ? 1 : capacity),
        per_originator_(per_originator < 1 ? 1 : per_originator) {}

  // Remembers `value` for (`originator`, `key`) until `expires`. Replaces an earlier entry for
  // the same pair; otherwise makes room as the file comment says.
  void put(std::string originator, std::string key, Value value, model::TimePoint expires,
           model::TimePoint now) {
    std::lock_guard lock(mutex_);
    auto owner = by_originator_.find(originator);
    if (owner != by_originator_.end()) {
      if (auto same = owner->second.find(key); same != owner->second.end()) {
        same->second = {std::move(value), expires};
        return;
      }
      // The originator's own share first: only its own entries make room for it.
      total_ -= dropExpired(owner->second, now);
      if (owner->second.size() >= per_originator_) {
        dropSoonest(owner);  // may erase the bucket; `owner` is not used again
      } else if (owner->second.empty()) {
        by_originator_.erase(owner);
      }
    }
    if (total_ >= capacity_) {
      for (auto it = by_originator_.begin(); it != by_originator_.end();) {
        total_ -= dropExpired(it->second, now);
        it = it->second.empty() ? by_originator_.erase(it) : std::next(it);
      }
    }
    if (total_ >= capacity_) {
      // Still full of live entries: the originator holding the most gives up its
      // soonest-ending one (ties: the one whose entry ends soonest), so a small share is never
      // taken.
      auto largest = by_originator_.begin();
      for (auto it = by_originator_.begin(); it != by_originator_.end(); ++it) {
        if (it->second.size() > largest->second.size() ||
            (it->second.size() == largest->second.size() &&
             soonestOf(it->second) < soonestOf(largest->second))) {
          largest = it;
        }
      }
      dropSoonest(largest);
    }
    by_originator_[std::move(originator)].insert_or_assign(std::move(key),
                                                           Entry{std::move(value), expires});
    ++total_;
  }

  // The entry for the pair when it is still valid at `now` (an expired one is dropped).
  std::optional<Value> find(std::string_view originator, std::string_view key,
                            model::TimePoint now) {
    std::lock_guard lock(mutex_);
    auto owner = by_originator_.find(originator);
    if (owner == by_originator_.end()) {
      return std::nullopt;
    }
    auto it = owner->second.find(key);
    if (it == owner->second.end()) {
      return std::nullopt;
    }
    if (it->second.expires <= now) {
      owner->second.erase(it);
      --total_;
      if (owner->second.empty()) by_originator_.erase(owner);
      return std::nullopt;
    }
    return it->second.value;
  }

  size_t size() const {
    std::lock_guard lock(mutex_);
    return total_;
  }

 private:
  struct Entry {
    Value value;
    model::TimePoint expires;
  };
  using Entries = std::map<std::string, Entry, std::less<>>;
  using Owners = std::map<std::string, Entries, std::less<>>;  // never holds an empty bucket

  static size_t dropExpired(Entries& entries, model::TimePoint now) {
    return std::erase_if(entries, [&](const auto& entry) { return entry.second.expires <= now; });
  }
  static model::TimePoint soonestOf(const Entries& entries) {
    model::TimePoint soonest = entries.begin()->second.expires;
    for (const auto& [key, entry] : entries) soonest = std::min(soonest, entry.expires);
    return soonest;
  }
  // Drops the soonest-ending entry of `owner` (its bucket must not be empty).
  void dropSoonest(typename Owners::iterator owner) {
    Entries& entries = owner->second;
    auto soonest = entries.begin();
    for (auto it = entries.begin(); it != entries.end(); ++it) {
      if (it->second.expires < soonest->second.expires) soonest = it;
    }
    entries.erase(soonest);
    --total_;
    if (entries.empty()) by_originator_.erase(owner);
  }

  const size_t capacity_;
  const size_t per_originator_;
  mutable std::mutex mutex_;
  Owners by_originator_;
  size_t total_ = 0;
};

}  // namespace citadel::security
