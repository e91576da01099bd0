#include "resources/name_cache.h"

#include <functional>

namespace citadel::resources {

NameCache::NameCache(size_t capacity) : shard_capacity_((capacity + kShards - 1) / kShards) {}

NameCache::Shard& NameCache::shardOf(std::string_view name_key) {
  return shards_[std::hash<std::string_view>{}(name_key) % kShards];
}

std::optional<std::string> NameCache::find(std::string_view name_key) {
  if (!enabled()) {
    return std::nullopt;
  }
  Shard& shard = shardOf(name_key);
  std::lock_guard lock(shard.mutex);
  // A heterogeneous lookup needs C++20's transparent hash; one key copy is cheaper than the
  // store read it saves.
  auto found = shard.ris.find(std::string(name_key));
  if (found == shard.ris.end()) {
    return std::nullopt;
  }
  return found->second;
}

uint64_t NameCache::generation(std::string_view name_key) {
  Shard& shard = shardOf(name_key);
  std::lock_guard lock(shard.mutex);
  return shard.generation;
}

void NameCache::insert(std::string_view name_key, std::string_view ri, uint64_t generation) {
  if (!enabled()) {
    return;
  }
  Shard& shard = shardOf(name_key);
  std::lock_guard lock(shard.mutex);
  if (shard.generation != generation) {
    return;
  }
  if (shard.ris.size() >= shard_capacity_) {
    shard.ris.clear();  // simpler than LRU and as bounded; the names come back on their next use
  }
  shard.ris.insert_or_assign(std::string(name_key), std::string(ri));
}

void NameCache::invalidate(std::string_view name_key) {
  Shard& shard = shardOf(name_key);
  std::lock_guard lock(shard.mutex);
  ++shard.generation;
  shard.ris.erase(std::string(name_key));
}

}  // namespace citadel::resources
