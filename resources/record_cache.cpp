#include "resources/record_cache.h"

#include <functional>

namespace citadel::resources {

RecordCache::RecordCache(size_t capacity, size_t capacity_bytes)
    : shard_capacity_(capacity == 0 || capacity_bytes == 0 ? 0
                                                           : (capacity + kShards - 1) / kShards),
      shard_bytes_(capacity_bytes / kShards) {}

size_t RecordCache::shardIndex(std::string_view ri) {
  return std::hash<std::string_view>{}(ri) % kShards;
}

RecordCache::Shard& RecordCache::shardOf(std::string_view ri) { return shards_[shardIndex(ri)]; }

std::shared_ptr<const Resource> RecordCache::find(std::string_view ri) {
  if (!enabled()) {
    return nullptr;
  }
  Shard& shard = shardOf(ri);
  std::lock_guard lock(shard.mutex);
  auto found = shard.index.find(ri);
  if (found == shard.index.end()) {
    return nullptr;
  }
  shard.lru.splice(shard.lru.begin(), shard.lru, found->second);
  return found->second->record;
}

uint64_t RecordCache::generation(std::string_view ri) {
  Shard& shard = shardOf(ri);
  std::lock_guard lock(shard.mutex);
  return shard.generation;
}

void RecordCache::insert(std::string_view ri, std::shared_ptr<const Resource> record,
                         size_t bytes, uint64_t generation) {
  if (!enabled() || bytes > shard_bytes_ / 8) {
    return;
  }
  Shard& shard = shardOf(ri);
  std::lock_guard lock(shard.mutex);
  if (shard.generation != generation || shard.index.contains(ri)) {
    return;
  }
  shard.lru.push_front({std::string(ri), std::move(record), bytes});
  shard.index.emplace(shard.lru.front().ri, shard.lru.begin());
  shard.bytes += bytes;
  while (shard.lru.size() > shard_capacity_ || shard.bytes > shard_bytes_) {
    evict(shard);
  }
}

void RecordCache::evict(Shard& shard) {
  shard.bytes -= shard.lru.back().bytes;
  shard.index.erase(shard.lru.back().ri);
  shard.lru.pop_back();
}

void RecordCache::invalidate(std::string_view ri) {
  Shard& shard = shardOf(ri);
  std::lock_guard lock(shard.mutex);
  ++shard.generation;
  auto found = shard.index.find(ri);
  if (found != shard.index.end()) {
    auto entry = found->second;
    shard.bytes -= entry->bytes;
    shard.index.erase(found);
    shard.lru.erase(entry);
  }
}

}  // namespace citadel::resources
