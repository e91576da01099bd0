#pragma once
// Resource IDs of children by name ("<parent ri>/<resourceName>" -> <ri>), for the structured
// addresses every request resolves segment by segment: without it each segment is a store
// lookup (issue 25 #4: a CREATE into "cse-in/ae/cnt" read two name keys per request).
//
// Consistency contract, the record cache's (record_cache.h), kept with ResourceRepository:
//  * every commit forgets, after the store write and before commit() returns, each name whose
//    key ("c/<parent>/<name>") the batch puts or deletes;
//  * a lookup that missed takes its shard's generation before reading the store, and keeps
//    what it read only if no name of the shard was forgotten meanwhile.
// Only names that exist are kept (a miss is not remembered), so looking up names that do not
// exist adds nothing. Bounded: at most `capacity` names; a full shard is emptied. Capacity 0
// disables it. Thread-safe: 16 shards, each under its own mutex held for the map operation.

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace citadel::resources {

class NameCache {
 public:
  explicit NameCache(size_t capacity);

  bool enabled() const { return shard_capacity_ > 0; }
  // `name_key` is "<parent ri>/<name>" (the child key without its "c/").
  std::optional<std::string> find(std::string_view name_key);
  // The generation to hand to insert() for a lookup that starts now.
  uint64_t generation(std::string_view name_key);
  // Keeps `ri` for `name_key` unless the shard's generation is no longer `generation`.
  void insert(std::string_view name_key, std::string_view ri, uint64_t generation);
  // Forgets `name_key` and makes lookups of its shard that are under way keep nothing.
  void invalidate(std::string_view name_key);

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    std::mutex mutex;
    uint64_t generation = 0;
    std::unordered_map<std::string, std::string> ris;
  };
  Shard& shardOf(std::string_view name_key);

  size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
};

}  // namespace citadel::resources
