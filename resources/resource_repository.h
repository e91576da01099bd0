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

  // At most this many roles are returned for one roleID (one holder rarely has more than a few
  // assignments of a role; the bound keeps a request's role check O(1)).
  static constexpr size_t kMaxRolesPerRoleId = 64;
  // Every <role> whose roleID (rlid) is `rlid`, in resource-ID order, stopping after
  // kMaxRolesPerRoleId. Empty when there is none or `rlid` is not an m2m:roleID. 5000 on a
  // storage fault or an index entry that does not match its record. One prefix seek. Thread-safe.
  Result<std::vector<Resource>> rolesByRoleId(std::string_view rlid);
  // The <token> whose tokenID (tkid) is `tkid`; the first in resource-ID order if several carry
  // it. nullopt when there is none or `tkid` is not an m2m:tokenID. 5000 as above. Thread-safe.
  Result<std::optional<Resource>> tokenByTokenId(std::string_view tkid);

  // Stage the record of `resource` (insert or overwrite).
  static void stagePut(storage::WriteBatch& batch, const Resource& resource);
  // Stage the indexes of a new resource: its name under its parent, its type, labels and
  // expiry, for a contentInstance its place in the container's creation order, and for a
  // <role> / <token> its roleID / tokenID (rolesByRoleId, tokenByTokenId).
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
  // Loads the resources listed under `prefix` of the roleID / tokenID index, checking that each
  // is of `type` and carries `id` in `attribute`; stops after `limit`.
  Result<std::vector<Resource>> findByAuthorizationId(std::string_view prefix, ResourceType type,
                                                      std::string_view attribute,
                                                      std::string_view id, size_t limit);

  storage::Store& store_;
};

}  // namespace citadel::resources
