#pragma once
// Reads and stages writes of resources on a Store, using the key layout in resources/key_layout.h.
// The only place that knows keys and opens iterators (tools/layering_check.sh): every scan is
// bounded by a limit and resumable by pages, so a store shared by several CSE processes (a SQL
// engine) never has to hold an unbounded cursor. Reads are single gets or O(log n) seeks.

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "resources/name_cache.h"
#include "resources/record_cache.h"
#include "resources/resource.h"
#include "storage/store.h"

namespace citadel::resources {

using model::Result;
using model::Status;

// One page of an index scan.
struct IdPage {
  std::vector<std::string> ids;  // resource IDs, in index-key order
  // Pass as `after` to get the next page; empty when this page ends the scan.
  std::string next;
};

// Calls `fetch(after)` (returning Result<IdPage>) page after page and appends every ID to `ids`.
template <typename Fetch>
Status appendAllPages(Fetch&& fetch, std::vector<std::string>* ids) {
  std::string after;
  do {
    CITADEL_ASSIGN_OR_RETURN(IdPage page, fetch(after));
    ids->insert(ids->end(), std::make_move_iterator(page.ids.begin()),
                std::make_move_iterator(page.ids.end()));
    after = std::move(page.next);
  } while (!after.empty());
  return {};
}

class ResourceRepository {
 public:
  // Records kept decoded by default (record_cache.h): at most 2,048 of at most 4 MiB stored
  // size in all (decoded, a few times that).
  static constexpr size_t kDefaultCachedRecords = 2048;
  static constexpr size_t kDefaultCachedBytes = 4 << 20;
  explicit ResourceRepository(storage::Store& store,
                              size_t cached_records = kDefaultCachedRecords,
                              size_t cached_bytes = kDefaultCachedBytes)
      : store_(store), cache_(cached_records, cached_bytes), names_(cached_records * 2) {}

  // The store underneath, for what spans several commits (storage::DeferredSync).
  storage::Store& store() { return store_; }

  // The resource with this ri; 4004 when absent; 5000 on a storage fault. Thread-safe.
  Result<Resource> load(std::string_view ri);
  // The same, shared and read-only: no copy when the record is cached (discovery reads many).
  Result<std::shared_ptr<const Resource>> loadShared(std::string_view ri);
  // The ri of the child of `parent_ri` named `name`; nullopt when there is none.
  Result<std::optional<std::string>> findChild(std::string_view parent_ri, std::string_view name);
  // A good page size for callers that walk a whole scan: bounded work per store call.
  static constexpr size_t kScanPage = 1000;

  // Up to `limit` child ris of `parent_ri`, in name order.
  Result<std::vector<std::string>> childIds(std::string_view parent_ri, size_t limit);
  // The page of up to `limit` child ris of `parent_ri` after `after` ("" = from the first), in
  // name order. 5000 on a storage fault. Thread-safe; each page is a consistent snapshot, pages
  // together are not (a child added meanwhile may or may not appear).
  Result<IdPage> childIdPage(std::string_view parent_ri, std::string_view after, size_t limit);
  // Appends every child ri of `parent_ri` to `ids`, reading kScanPage at a time (a DELETE
  // removes the whole subtree in one batch, so it needs them all).
  Status appendChildIds(std::string_view parent_ri, std::vector<std::string>* ids) {
    return appendAllPages(
        [&](std::string_view after) { return childIdPage(parent_ri, after, kScanPage); }, ids);
  }
  // Like childIdPage, over the resources of `type` whose structured path starts with
  // `below_path` ("cse-in/" = below the CSEBase, "" = all), in path order.
  Result<IdPage> typeIdPage(ResourceType type, std::string_view below_path,
                            std::string_view after, size_t limit);
  // Like typeIdPage, over the resources labelled `label` (lbl).
  Result<IdPage> labelIdPage(std::string_view label, std::string_view below_path,
                             std::string_view after, size_t limit);
  // Appends the ri of every <group> one of whose memberIDs is bound to `member_ri` (the gm/
  // index, kScanPage at a time; a group is listed once). 5000 on a storage fault. Thread-safe.
  Status appendGroupsWithMember(std::string_view member_ri, std::vector<std::string>* group_ris);
  // Up to `limit` ris whose expirationTime is at or before `now` (a YYYYMMDDThhmmss timestamp),
  // oldest first. 5000 on a storage fault. Thread-safe.
  Result<std::vector<std::string>> expiredIds(std::string_view now, size_t limit);
  // The instance functions below hand out the shared, immutable record (as loadShared): a
  // reader that only looks at an instance (la/ol, eviction) does not copy it (issue 25 #4).
  using SharedRecord = std::shared_ptr<const Resource>;
  // The newest / oldest contentInstance of a container; nullptr when it has none.
  Result<SharedRecord> latestInstance(const Resource& container);
  Result<SharedRecord> oldestInstance(const Resource& container);
  // The oldest instances of a container, oldest first, stopping after `limit`.
  Result<std::vector<SharedRecord>> oldestInstances(const Resource& container, size_t limit);
  // The instance of a container whose creation-order sequence (its st) is `sequence`; nullptr
  // when there is none.
  Result<SharedRecord> instanceAt(const Resource& container, uint64_t sequence);

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
  // expiry, and what its type's descriptor (resources/type_descriptor.h) asks for: for an
  // instance type (contentInstance) its place in the parent's creation order, for each indexed
  // attribute its entry (a <role>'s roleID, a <token>'s tokenID: rolesByRoleId,
  // tokenByTokenId) and, where the attribute is unique, its claim key (stageUniqueness).
  static void stageIndexes(storage::WriteBatch& batch, const Resource& resource);
  // Stage the conditions that keep a new resource unique in the store itself (store.h
  // conditional writes), so two racing CREATEs cannot both commit even without in-process
  // locks: its record key (resource ID, for an <AE> its AE-ID), its name under its parent and
  // the claim key of each unique indexed attribute (a <token>'s tokenID) must all be absent.
  // The losing commit gets 4105 with reason storage::kConditionFailed. `check_resource_id`
  // false leaves out the record key, for a resource ID the CSE drew at random.
  static void stageUniqueness(storage::WriteBatch& batch, const Resource& resource,
                              bool check_resource_id = true);
  // Stage the removal of a resource's record and indexes (not its children).
  static void stageRemove(storage::WriteBatch& batch, const Resource& resource);
  // Stage the index changes of an UPDATE (labels, expirationTime) from `before` to `after`.
  static void stageIndexChanges(storage::WriteBatch& batch, const Resource& before,
                                const Resource& after);

  // Applies `batch` atomically; OK means durable per the crash promise in storage/store.h. 4105
  // with reason storage::kConditionFailed, nothing applied, when a condition does not hold.
  // Records the batch puts or deletes are dropped from the record cache before this returns.
  Status commit(const storage::WriteBatch& batch);
  // The same, and then keeps `written` (records this batch puts, as the caller built them) in
  // the record cache, so that the next read of a record every CREATE rewrites (the parent
  // container with its cni/st) is not a store lookup and a decode. A record is kept only if no
  // other commit or invalidation reached its cache shard between this call's start and its
  // own invalidation (RecordCache::insert's generation rule), and only after the store write
  // succeeded; otherwise it is merely dropped, as commit(batch) does.
  Status commit(const storage::WriteBatch& batch,
                std::initializer_list<std::shared_ptr<const Resource>> written);

 private:
  // Loads the resources listed under `prefix` of the roleID / tokenID index, checking that each
  // is of `type` and carries `id` in `attribute`; stops after `limit`.
  // Up to `limit` values under `prefix` after the key prefix+`after`; see IdPage.
  Result<IdPage> scanPage(const std::string& prefix, std::string_view after, size_t limit);
  Result<std::vector<Resource>> findByAuthorizationId(std::string_view prefix, ResourceType type,
                                                      std::string_view attribute,
                                                      std::string_view id, size_t limit);

  storage::Store& store_;
  RecordCache cache_;
  NameCache names_;  // child names -> ri, same invalidation rule (name_cache.h)
};

}  // namespace citadel::resources
