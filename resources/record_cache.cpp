#include "resources/record_cache.h"

#include <functional>

namespace citadel::resources {

RecordCache::RecordCache(size_t capacity)
    : shard_capacity_(capacity == 0 ? 0 : (capacity + kShards - 1) / kShards) {}

RecordCache::Shard& RecordCache::shardOf(std::string_view ri) {
  return shards_[std::hash<std::string_view>{}(ri) % kShards];
}

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
  return found->second->second;
}

uint64_t RecordCache::generation(std::string_view ri) {
  Shard& shard = shardOf(ri);
  std::lock_guard lock(shard.mutex);
  return shard.generation;
}

void RecordCache::insert(std::string_view ri, std::shared_ptr<const Resource> record,
                         uint64_t generation) {
  if (!enabled()) {
    return;
  }
  Shard& shard = shardOf(ri);
  std::lock_guard lock(shard.mutex);
  if (shard.generation != generation || shard.index.contains(ri)) {
    return;
  }
  shard.lru.emplace_front(std::string(ri), std::move(record));
  shard.index.emplace(shard.lru.front().first, shard.lru.begin());
  if (shard.lru.size() > shard_capacity_) {
    shard.index.erase(shard.lru.back().first);
    shard.lru.pop_back();
  }
}

void RecordCache::invalidate(std::string_view ri) {
  Shard& shard = shardOf(ri);
  std::lock_guard lock(shard.mutex);
  ++shard.generation;
  auto found = shard.index.find(ri);
  if (found != shard.index.end()) {
    auto entry = found->second;
    shard.index.erase(found);
    shard.lru.erase(entry);
  }
}

}  // namespace citadel::resources
