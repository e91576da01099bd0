#pragma once
// Reads and stages writes of resources on a Store, using the key layout in storage/key_layout.h.
// All reads are single gets or O(log n) seeks; nothing here scans a whole parent.

#include <optional>
#include <string>
#include <vector>

#include "resources/resource.h"
#include "storage/store.h"

namespace citadel::resources {

using model::Result;
using model::Status;

class ResourceRepository {
 public:
  explicit ResourceRepository(storage::Store& store) : store_(store) {}

  // The resource with this ri; 4004 when absent; 5000 on a storage fault. Thread-safe.
  Result<Resource> load(std::string_view ri);
  // The ri of the child of `parent_ri` named `name`; nullopt when there is none.
  Result<std::optional<std::string>> findChild(std::string_view parent_ri, std::string_view name);
  // Up to `limit` child ris of `parent_ri`, in name order.
  Result<std::vector<std::string>> childIds(std::string_view parent_ri, size_t limit);
  // The newest / oldest contentInstance of a container; nullopt when it has none.
  Result<std::optional<Resource>> latestInstance(const Resource& container);
  Result<std::optional<Resource>> oldestInstance(const Resource& container);
  // The oldest instances of a container, oldest first, stopping after `limit`.
  Result<std::vector<Resource>> oldestInstances(const Resource& container, size_t limit);

  // Stage the record of `resource` (insert or overwrite).
  static void stagePut(storage::WriteBatch& batch, const Resource& resource);
  // Stage the indexes of a new resource: its name under its parent and, for a
  // contentInstance, its place in the container's creation order.
  static void stageIndexes(storage::WriteBatch& batch, const Resource& resource);
  // Stage the removal of a resource's record and indexes (not its children).
  static void stageRemove(storage::WriteBatch& batch, const Resource& resource);
  // Stage the index changes of an UPDATE (labels, expirationTime) from `before` to `after`.
  static void stageIndexChanges(storage::WriteBatch& batch, const Resource& before,
                                const Resource& after);

  // Applies `batch` atomically; OK means durable per the crash promise in storage/store.h.
  Status commit(const storage::WriteBatch& batch) { return store_.write(batch); }
  storage::Store& store() { return store_; }

 private:
  storage::Store& store_;
};

}  // namespace citadel::resources
