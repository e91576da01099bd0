#pragma once
// Decoded records of recently read resources, shared by every thread: a CREATE reads its AE,
// its container and the container's ACPs, a discovery a hundred instances; each read otherwise
// costs a store lookup and a CBOR decode (issue 25 #4).
//
// Consistency contract (kept with ResourceRepository, which owns the cache):
//  * every commit invalidates, after the store write and before commit() returns, each record
//    the batch puts or deletes: a load that starts after a commit returned never sees the
//    record as it was before;
//  * a load that missed remembers its shard's generation before reading the store, and its
//    decoded record is kept only if no invalidation reached the shard meanwhile (an older copy
//    read before a concurrent commit is never inserted after that commit's invalidation);
//  * a commit may write its own records through (ResourceRepository::commit with `written`):
//    it takes the shard's generation before its store write and keeps a record only if, after
//    its invalidations, the shard moved by exactly those; any other commit or invalidation in
//    the shard meanwhile, and the record is only dropped. Writers of one record hold that
//    record's engine lock (create: the parent's, update/delete: its own), so two write-throughs
//    of one record never race.
// Bounded by count and by bytes (the stored size of each record; decoded it takes a few times
// that): least recently used evicted first, and a record larger than an eighth of a shard's
// byte budget is never kept, so an originator storing large contentInstances cannot make the
// cache hold more than `capacity_bytes` of them. Capacity 0 disables it.
// Thread-safe: 16 shards, each under its own mutex, held only for the map operations.

#include <array>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "resources/resource.h"

namespace citadel::resources {

class RecordCache {
 public:
  RecordCache(size_t capacity, size_t capacity_bytes);

  static constexpr size_t kShards = 16;

  bool enabled() const { return shard_capacity_ > 0; }
  // The shard `ri` falls in (0..kShards-1): invalidate() moves that shard's generation.
  static size_t shardIndex(std::string_view ri);
  // The cached record of `ri`, or null.
  std::shared_ptr<const Resource> find(std::string_view ri);
  // The generation to hand to insert() for a load of `ri` that starts now.
  uint64_t generation(std::string_view ri);
  // Keeps `record` (stored size `bytes`) for `ri` unless the shard's generation is no longer
  // `generation` (it was invalidated since: a load passes the value generation() gave before
  // its read; a commit's write-through the value before its write plus its own
  // invalidations), or the record is too large to keep.
  void insert(std::string_view ri, std::shared_ptr<const Resource> record, size_t bytes,
              uint64_t generation);
  // Forgets `ri` and makes loads of its shard that are under way keep nothing.
  void invalidate(std::string_view ri);

 private:
  struct Shard {
    std::mutex mutex;
    uint64_t generation = 0;
    size_t bytes = 0;
    struct Entry {
      std::string ri;
      std::shared_ptr<const Resource> record;
      size_t bytes;
    };
    std::list<Entry> lru;  // most recently used first
    std::unordered_map<std::string_view, decltype(lru)::iterator> index;  // keys view into lru
  };
  Shard& shardOf(std::string_view ri);

  void evict(Shard& shard);

  size_t shard_capacity_;
  size_t shard_bytes_;
  std::array<Shard, kShards> shards_;
};

}  // namespace citadel::resources
