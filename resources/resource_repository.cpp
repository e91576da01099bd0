#include "resources/resource_repository.h"

#include <algorithm>
#include <array>

#include "resources/key_layout.h"
#include "resources/type_descriptor.h"
#include "resources/types/authorization_formats.h"
#include "resources/views/attribute_reader.h"

namespace citadel::resources {
namespace {

constexpr std::string_view kChildPrefix = "c/";  // keys::child without its parent and name

}  // namespace


Result<std::shared_ptr<const Resource>> ResourceRepository::loadShared(std::string_view ri) {
  if (auto cached = cache_.find(ri)) {
    return cached;
  }
  uint64_t generation = cache_.generation(ri);  // before the read: see record_cache.h
  std::string bytes;
  Status status = store_.get(keys::resource(ri), &bytes);
  if (!status.isOk()) {
    if (storage::isNotFound(status)) {
      return Status::notFound("resource '" + std::string(ri) + "' does not exist");
    }
    return status;
  }
  CITADEL_ASSIGN_OR_RETURN(Resource decoded, decodeRecord(bytes));
  auto record = std::make_shared<const Resource>(std::move(decoded));
  cache_.insert(ri, record, bytes.size(), generation);
  return record;
}

Result<Resource> ResourceRepository::load(std::string_view ri) {
  CITADEL_ASSIGN_OR_RETURN(std::shared_ptr<const Resource> record, loadShared(ri));
  return Resource(*record);
}

Status ResourceRepository::commit(const storage::WriteBatch& batch) { return commit(batch, {}); }

Status ResourceRepository::commit(const storage::WriteBatch& batch,
                                  std::initializer_list<std::shared_ptr<const Resource>> written) {
  constexpr std::string_view kRecordPrefix = "r/";
  // Generations before the write: a write-through is kept only if the shard then moved by
  // exactly this commit's own invalidations (see RecordCache::insert).
  std::array<uint64_t, 4> before{};
  size_t through = cache_.enabled() ? std::min(written.size(), before.size()) : 0;
  for (size_t i = 0; i < through; ++i) {
    if (written.begin()[i] != nullptr) {
      before[i] = cache_.generation(written.begin()[i]->ri());
    }
  }
  Status status = store_.write(batch);
  // Also after a failed write: it may have been applied in part of the engine's view (an I/O
  // error after the log write); a dropped record is only reloaded.
  std::array<uint32_t, RecordCache::kShards> bumps{};
  for (const auto& op : batch.ops()) {
    if (std::string_view(op.key).starts_with(kChildPrefix)) {
      names_.invalidate(std::string_view(op.key).substr(kChildPrefix.size()));
    } else if (std::string_view(op.key).starts_with(kRecordPrefix)) {
      std::string_view ri = std::string_view(op.key).substr(kRecordPrefix.size());
      cache_.invalidate(ri);
      ++bumps[cache_.shardIndex(ri)];
    }
  }
  if (!status.isOk()) {
    return status;
  }
  for (size_t i = 0; i < through; ++i) {
    const auto& record = written.begin()[i];
    if (record == nullptr) {
      continue;
    }
    std::string key = keys::resource(record->ri());
    // The last operation on the record decides (a batch may write it twice, or delete it).
    const auto& ops = batch.ops();
    auto last = std::find_if(ops.rbegin(), ops.rend(), [&](const auto& op) { return op.key == key; });
    if (last != ops.rend() && !last->is_delete) {
      cache_.insert(record->ri(), record, last->value.size(),
                    before[i] + bumps[cache_.shardIndex(record->ri())]);
    }
  }
  return status;
}

Result<std::optional<std::string>> ResourceRepository::findChild(std::string_view parent_ri,
                                                                 std::string_view name) {
  std::string key = keys::child(parent_ri, name);
  std::string_view name_key = std::string_view(key).substr(kChildPrefix.size());
  if (auto cached = names_.find(name_key)) {
    return std::optional<std::string>(std::move(*cached));
  }
  uint64_t generation = names_.generation(name_key);  // before the read: see name_cache.h
  std::string ri;
  Status status = store_.get(key, &ri);
  if (storage::isNotFound(status)) {
    return std::optional<std::string>();
  }
  CITADEL_RETURN_IF_ERROR(status);
  names_.insert(name_key, ri, generation);
  return std::optional<std::string>(std::move(ri));
}

Result<IdPage> ResourceRepository::scanPage(const std::string& prefix, std::string_view after,
                                            size_t limit) {
  IdPage page;
  std::string start = prefix + std::string(after);
  auto it = store_.newIterator();
  it->seek(start);
  if (!after.empty() && it->valid() && it->key() == start) {
    it->next();  // `after` was the last entry of the previous page
  }
  std::string last_key;
  for (; it->valid() && it->key().starts_with(prefix); it->next()) {
    if (page.ids.size() == limit) {
      // Another entry exists: the page is full, and the next one starts after its last key.
      page.next = last_key.substr(prefix.size());
      break;
    }
    last_key = it->key();
    page.ids.emplace_back(it->value());
  }
  CITADEL_RETURN_IF_ERROR(it->status());
  return page;
}

Result<IdPage> ResourceRepository::childIdPage(std::string_view parent_ri, std::string_view after,
                                               size_t limit) {
  return scanPage(keys::childPrefix(parent_ri), after, limit);
}

Result<std::vector<std::string>> ResourceRepository::childIds(std::string_view parent_ri,
                                                             size_t limit) {
  CITADEL_ASSIGN_OR_RETURN(IdPage page, childIdPage(parent_ri, "", limit));
  return std::move(page.ids);
}

Result<IdPage> ResourceRepository::typeIdPage(ResourceType type, std::string_view below_path,
                                              std::string_view after, size_t limit) {
  return scanPage(keys::typeEntry(static_cast<uint16_t>(type), below_path), after, limit);
}

Result<IdPage> ResourceRepository::labelIdPage(std::string_view label,
                                               std::string_view below_path,
                                               std::string_view after, size_t limit) {
  return scanPage(keys::labelEntry(label, below_path), after, limit);
}

Result<std::vector<std::string>> ResourceRepository::expiredIds(std::string_view now,
                                                               size_t limit) {
  // e/<et>/<ri> sorts by time: everything up to "e/<now>/\xff" has expired (et <= now).
  std::string end = std::string(keys::kExpiryPrefix).append(now).append("/\xff");
  std::vector<std::string> expired;
  auto it = store_.newIterator();
  for (it->seek(keys::kExpiryPrefix); it->valid() && it->key().starts_with(keys::kExpiryPrefix) &&
                                      it->key() <= end && expired.size() < limit;
       it->next()) {
    expired.emplace_back(it->value());
  }
  CITADEL_RETURN_IF_ERROR(it->status());
  return expired;
}

Status ResourceRepository::appendGroupsWithMember(std::string_view member_ri,
                                                  std::vector<std::string>* group_ris) {
  std::string prefix = keys::groupMemberPrefix(member_ri);
  return appendAllPages(
      [&](std::string_view after) { return scanPage(prefix, after, kScanPage); }, group_ris);
}

Result<ResourceRepository::SharedRecord> ResourceRepository::instanceAt(const Resource& container,
                                                                       uint64_t sequence) {
  std::string ri;
  Status status = store_.get(keys::instance(container.ri(), sequence), &ri);
  if (storage::isNotFound(status)) {
    return SharedRecord();
  }
  CITADEL_RETURN_IF_ERROR(status);
  return loadShared(ri);
}

Result<ResourceRepository::SharedRecord> ResourceRepository::latestInstance(
    const Resource& container) {
  // No instance has a higher st than its container, so one at exactly the container's st is the
  // newest: a point read, where a seek would create an iterator over every memtable and level.
  // It is absent when the container changed after its last instance (an UPDATE advances st) or
  // that instance was deleted; the seek below answers then.
  int64_t state_tag = container.intAttribute("st", -1);
  if (state_tag >= 0) {
    CITADEL_ASSIGN_OR_RETURN(SharedRecord at_st,
                             instanceAt(container, static_cast<uint64_t>(state_tag)));
    if (at_st) {
      return at_st;
    }
  }
  std::string prefix = keys::instancePrefix(container.ri());
  auto it = store_.newIterator();
  it->seekForPrev(keys::prefixEnd(prefix));
  if (!it->valid() || !it->key().starts_with(prefix)) {
    CITADEL_RETURN_IF_ERROR(it->status());
    return SharedRecord();
  }
  return loadShared(it->value());
}

Result<ResourceRepository::SharedRecord> ResourceRepository::oldestInstance(
    const Resource& container) {
  CITADEL_ASSIGN_OR_RETURN(std::vector<SharedRecord> oldest, oldestInstances(container, 1));
  return oldest.empty() ? SharedRecord() : std::move(oldest.front());
}

Result<std::vector<ResourceRepository::SharedRecord>> ResourceRepository::oldestInstances(
    const Resource& container, size_t limit) {
  std::vector<SharedRecord> instances;
  // Every instance below the recorded lower bound was evicted (the bound moves past each one
  // evicted, oldest first), so one at exactly the bound is the oldest, and the next ones follow
  // while their st are consecutive (instances created one after the other): point reads,
  // cheaper than an iterator over every memtable and level. A gap (a container UPDATE between
  // two instances, an instance deleted on its own) ends them; the seek goes on from there.
  uint64_t lower = static_cast<uint64_t>(container.intAttribute(kOldestSeqField, 0));
  while (instances.size() < limit) {
    CITADEL_ASSIGN_OR_RETURN(SharedRecord next, instanceAt(container, lower));
    if (!next) {
      break;
    }
    instances.push_back(std::move(next));
    ++lower;
  }
  if (instances.size() == limit) {
    return instances;
  }
  std::string prefix = keys::instancePrefix(container.ri());
  auto it = store_.newIterator();
  // Seek from the lower bound rather than the prefix start: deleted instances leave
  // tombstones at the front of the range, and skipping them would make trimming O(deleted).
  for (it->seek(keys::instance(container.ri(), lower)); it->valid() && instances.size() < limit;
       it->next()) {
    if (!it->key().starts_with(prefix)) {
      break;
    }
    CITADEL_ASSIGN_OR_RETURN(SharedRecord instance, loadShared(it->value()));
    instances.push_back(std::move(instance));
  }
  CITADEL_RETURN_IF_ERROR(it->status());
  return instances;
}

namespace {

// The value of an indexed attribute, or "" when absent or not an m2m:roleID/tokenID. Only
// valid IDs are indexed (they are validated on CREATE), so a key built from it never holds a
// stray '/'.
std::string indexedValueOf(const Resource& resource, const IndexedAttribute& indexed) {
  auto id = resource.attributes.find(indexed.attribute);
  if (id == resource.attributes.end() || !id->is_string() ||
      !isValidIssuerScopedId(id->get_ref<const std::string&>())) {
    return "";
  }
  return id->get<std::string>();
}

std::string indexEntry(const IndexedAttribute& indexed, std::string_view value,
                       std::string_view ri) {
  switch (indexed.kind) {
    case AttributeIndexKind::kRoleId: return keys::roleEntry(value, ri);
    case AttributeIndexKind::kTokenId: return keys::tokenEntry(value, ri);
  }
  return "";
}

// The descriptor's attribute indexes of `resource`: none for a type without a descriptor.
std::span<const IndexedAttribute> indexedAttributesOf(const Resource& resource) {
  const TypeDescriptor* descriptor = findDescriptor(resource.type());
  return descriptor == nullptr ? std::span<const IndexedAttribute>() :
                                 descriptor->indexed_attributes;
}

// Calls `stage(key)` for each attribute-index entry of `resource`, and `claim(key)` for the
// claim key of each unique one.
template <typename Stage, typename Claim>
void forEachAttributeIndex(const Resource& resource, Stage&& stage, Claim&& claim) {
  for (const IndexedAttribute& indexed : indexedAttributesOf(resource)) {
    std::string value = indexedValueOf(resource, indexed);
    if (value.empty()) {
      continue;
    }
    stage(indexEntry(indexed, value, resource.ri()));
    if (indexed.unique) {
      claim(keys::uniqueValueClaim(indexed.attribute, value));
    }
  }
}

// True when `resource` is an instance kept in its parent's creation-order index (i/).
bool isOrderedInstance(const Resource& resource) {
  const TypeDescriptor* descriptor = findDescriptor(resource.type());
  return descriptor != nullptr && descriptor->instance_of.has_value();
}

}  // namespace

Result<std::vector<Resource>> ResourceRepository::findByAuthorizationId(
    std::string_view prefix, ResourceType type, std::string_view attribute,
    std::string_view id, size_t limit) {
  std::vector<Resource> found;
  auto it = store_.newIterator();
  for (it->seek(prefix); it->valid() && found.size() < limit; it->next()) {
    if (!it->key().starts_with(prefix)) {
      break;
    }
    auto loaded = load(it->value());
    if (!loaded.isOk()) {
      // Deleted after the iterator's snapshot was taken: no longer there, not a fault.
      if (loaded.status().rsc() == model::Rsc::kNotFound) {
        continue;
      }
      return loaded.takeStatus();
    }
    Resource resource = std::move(loaded).value();
    // The index and the record are written in one batch, so a mismatch means a damaged store.
    if (resource.type() != type || resource.attributes.value(std::string(attribute), "") != id) {
      return Status::internal("the " + std::string(attribute) + " index disagrees with resource '" +
                                  resource.ri() + "'", "store.index_mismatch");
    }
    found.push_back(std::move(resource));
  }
  CITADEL_RETURN_IF_ERROR(it->status());
  return found;
}

Result<std::vector<Resource>> ResourceRepository::rolesByRoleId(std::string_view rlid) {
  if (!isValidIssuerScopedId(rlid)) {
    return std::vector<Resource>();  // never indexed, so no role carries it
  }
  return findByAuthorizationId(keys::rolePrefix(rlid), ResourceType::kRole, "rlid", rlid,
                               kMaxRolesPerRoleId);
}

Result<std::optional<Resource>> ResourceRepository::tokenByTokenId(std::string_view tkid) {
  if (!isValidIssuerScopedId(tkid)) {
    return std::optional<Resource>();
  }
  CITADEL_ASSIGN_OR_RETURN(
      std::vector<Resource> tokens,
      findByAuthorizationId(keys::tokenPrefix(tkid), ResourceType::kToken, "tkid", tkid, 1));
  if (tokens.empty()) {
    return std::optional<Resource>();
  }
  return std::optional<Resource>(std::move(tokens.front()));
}

void ResourceRepository::stagePut(storage::WriteBatch& batch, const Resource& resource) {
  batch.put(keys::resource(resource.ri()), encodeRecord(resource));
}

namespace {

std::vector<std::string> labelsOf(const Resource& resource) {
  return AttributeReader(resource).stringList("lbl");
}

std::string expiryOf(const Resource& resource) { return AttributeReader(resource).string("et"); }

// The local resource IDs a <group>'s members are bound to (each once); none for other types.
std::vector<std::string> memberBindingsOf(const Resource& resource) {
  std::vector<std::string> bound;
  if (resource.type() != ResourceType::kGroup) {
    return bound;
  }
  for (const std::string& ri : AttributeReader(resource).stringList(kMemberBindingsField)) {
    if (!ri.empty() && std::find(bound.begin(), bound.end(), ri) == bound.end()) {
      bound.push_back(ri);
    }
  }
  return bound;
}

// Label, expiry and group-member entries: the indexes an UPDATE can change.
void putMutableIndexes(storage::WriteBatch& batch, const Resource& resource) {
  std::string ri = resource.ri();
  for (const auto& label : labelsOf(resource)) {
    batch.put(keys::labelEntry(label, resource.path()), ri);
  }
  if (std::string et = expiryOf(resource); !et.empty()) {
    batch.put(keys::expiryEntry(et, ri), ri);
  }
  for (const auto& member : memberBindingsOf(resource)) {
    batch.put(keys::groupMemberEntry(member, ri), ri);
  }
}

void deleteMutableIndexes(storage::WriteBatch& batch, const Resource& resource) {
  for (const auto& label : labelsOf(resource)) {
    batch.del(keys::labelEntry(label, resource.path()));
  }
  if (std::string et = expiryOf(resource); !et.empty()) {
    batch.del(keys::expiryEntry(et, resource.ri()));
  }
  for (const auto& member : memberBindingsOf(resource)) {
    batch.del(keys::groupMemberEntry(member, resource.ri()));
  }
}

}  // namespace

void ResourceRepository::stageIndexes(storage::WriteBatch& batch, const Resource& resource) {
  std::string ri = resource.ri();
  batch.put(keys::child(resource.pi(), resource.rn()), ri);
  batch.put(keys::typeEntry(static_cast<uint16_t>(resource.type()), resource.path()), ri);
  if (isOrderedInstance(resource)) {
    batch.put(keys::instance(resource.pi(), static_cast<uint64_t>(resource.intAttribute("st", 0))),
              ri);
  }
  auto put = [&](std::string key) { batch.put(std::move(key), ri); };
  forEachAttributeIndex(resource, put, put);
  putMutableIndexes(batch, resource);
}

void ResourceRepository::stageRemove(storage::WriteBatch& batch, const Resource& resource) {
  batch.del(keys::resource(resource.ri()));
  batch.del(keys::child(resource.pi(), resource.rn()));
  batch.del(keys::typeEntry(static_cast<uint16_t>(resource.type()), resource.path()));
  if (isOrderedInstance(resource)) {
    batch.del(keys::instance(resource.pi(),
                             static_cast<uint64_t>(resource.intAttribute("st", 0))));
  }
  auto del = [&](std::string key) { batch.del(std::move(key)); };
  forEachAttributeIndex(resource, del, del);
  deleteMutableIndexes(batch, resource);
}

void ResourceRepository::stageUniqueness(storage::WriteBatch& batch, const Resource& resource,
                                         bool check_resource_id) {
  if (check_resource_id) {
    batch.expectAbsent(keys::resource(resource.ri()));
  }
  batch.expectAbsent(keys::child(resource.pi(), resource.rn()));
  forEachAttributeIndex(
      resource, [](std::string) {}, [&](std::string key) { batch.expectAbsent(std::move(key)); });
}

void ResourceRepository::stageIndexChanges(storage::WriteBatch& batch, const Resource& before,
                                           const Resource& after) {
  if (before.attributes.value("lbl", Json()) == after.attributes.value("lbl", Json()) &&
      expiryOf(before) == expiryOf(after) &&
      memberBindingsOf(before) == memberBindingsOf(after)) {
    return;
  }
  // Deletes first: a WriteBatch applies in order, so unchanged entries are put back.
  deleteMutableIndexes(batch, before);
  putMutableIndexes(batch, after);
}

}  // namespace citadel::resources
