#include "resources/resource_repository.h"

#include "resources/types/authorization_formats.h"
#include "resources/key_layout.h"

namespace citadel::resources {


Result<Resource> ResourceRepository::load(std::string_view ri) {
  std::string bytes;
  Status status = store_.get(keys::resource(ri), &bytes);
  if (!status.isOk()) {
    if (storage::isNotFound(status)) {
      return Status::notFound("resource '" + std::string(ri) + "' does not exist");
    }
    return status;
  }
  return decodeRecord(bytes);
}

Result<std::optional<std::string>> ResourceRepository::findChild(std::string_view parent_ri,
                                                                 std::string_view name) {
  std::string ri;
  Status status = store_.get(keys::child(parent_ri, name), &ri);
  if (storage::isNotFound(status)) {
    return std::optional<std::string>();
  }
  CITADEL_RETURN_IF_ERROR(status);
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

Result<std::optional<Resource>> ResourceRepository::latestInstance(const Resource& container) {
  std::string prefix = keys::instancePrefix(container.ri());
  auto it = store_.newIterator();
  it->seekForPrev(keys::prefixEnd(prefix));
  if (!it->valid() || !it->key().starts_with(prefix)) {
    CITADEL_RETURN_IF_ERROR(it->status());
    return std::optional<Resource>();
  }
  CITADEL_ASSIGN_OR_RETURN(Resource instance, load(it->value()));
  return std::optional<Resource>(std::move(instance));
}

Result<std::optional<Resource>> ResourceRepository::oldestInstance(const Resource& container) {
  CITADEL_ASSIGN_OR_RETURN(std::vector<Resource> oldest, oldestInstances(container, 1));
  if (oldest.empty()) {
    return std::optional<Resource>();
  }
  return std::optional<Resource>(std::move(oldest.front()));
}

Result<std::vector<Resource>> ResourceRepository::oldestInstances(const Resource& container,
                                                                  size_t limit) {
  std::vector<Resource> instances;
  std::string prefix = keys::instancePrefix(container.ri());
  auto it = store_.newIterator();
  // Seek from the recorded lower bound rather than the prefix start: deleted instances leave
  // tombstones at the front of the range, and skipping them would make trimming O(deleted).
  uint64_t lower = static_cast<uint64_t>(container.intAttribute(kOldestSeqField, 0));
  for (it->seek(keys::instance(container.ri(), lower)); it->valid() && instances.size() < limit;
       it->next()) {
    if (!it->key().starts_with(prefix)) {
      break;
    }
    CITADEL_ASSIGN_OR_RETURN(Resource instance, load(it->value()));
    instances.push_back(std::move(instance));
  }
  CITADEL_RETURN_IF_ERROR(it->status());
  return instances;
}

namespace {

// A <role>'s rlid or a <token>'s tkid, or "" for other resources. Only valid IDs are indexed
// (they are validated on CREATE), so a key built from it never holds a stray '/'.
std::string authorizationIdOf(const Resource& resource) {
  const char* name = resource.type() == ResourceType::kRole    ? "rlid"
                     : resource.type() == ResourceType::kToken ? "tkid"
                                                               : nullptr;
  if (name == nullptr) {
    return "";
  }
  auto id = resource.attributes.find(name);
  if (id == resource.attributes.end() || !id->is_string() ||
      !isValidIssuerScopedId(id->get_ref<const std::string&>())) {
    return "";
  }
  return id->get<std::string>();
}

// A <role>'s or <token>'s entry in the roleID / tokenID index, or "" for other resources.
std::string authorizationIndexKey(const Resource& resource) {
  std::string id = authorizationIdOf(resource);
  if (id.empty()) {
    return "";
  }
  return resource.type() == ResourceType::kRole ? keys::roleEntry(id, resource.ri())
                                                : keys::tokenEntry(id, resource.ri());
}

// A <token>'s one-per-tokenID claim key (u/tkid/<tkid>), or "" for other resources.
std::string tokenIdClaimKey(const Resource& resource) {
  if (resource.type() != ResourceType::kToken) {
    return "";
  }
  std::string id = authorizationIdOf(resource);
  return id.empty() ? "" : keys::tokenIdClaim(id);
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
  std::vector<std::string> labels;
  auto it = resource.attributes.find("lbl");
  if (it != resource.attributes.end() && it->is_array()) {
    for (const auto& label : *it) {
      if (label.is_string()) {
        labels.push_back(label.get<std::string>());
      }
    }
  }
  return labels;
}

std::string expiryOf(const Resource& resource) { return resource.attributes.value("et", ""); }

// Label and expiry entries: the indexes an UPDATE can change.
void putMutableIndexes(storage::WriteBatch& batch, const Resource& resource) {
  std::string ri = resource.ri();
  for (const auto& label : labelsOf(resource)) {
    batch.put(keys::labelEntry(label, resource.path()), ri);
  }
  if (std::string et = expiryOf(resource); !et.empty()) {
    batch.put(keys::expiryEntry(et, ri), ri);
  }
}

void deleteMutableIndexes(storage::WriteBatch& batch, const Resource& resource) {
  for (const auto& label : labelsOf(resource)) {
    batch.del(keys::labelEntry(label, resource.path()));
  }
  if (std::string et = expiryOf(resource); !et.empty()) {
    batch.del(keys::expiryEntry(et, resource.ri()));
  }
}

}  // namespace

void ResourceRepository::stageIndexes(storage::WriteBatch& batch, const Resource& resource) {
  std::string ri = resource.ri();
  batch.put(keys::child(resource.pi(), resource.rn()), ri);
  batch.put(keys::typeEntry(static_cast<uint16_t>(resource.type()), resource.path()), ri);
  if (resource.type() == ResourceType::kContentInstance) {
    batch.put(keys::instance(resource.pi(), static_cast<uint64_t>(resource.intAttribute("st", 0))),
              ri);
  }
  if (std::string key = authorizationIndexKey(resource); !key.empty()) {
    batch.put(std::move(key), ri);
  }
  if (std::string key = tokenIdClaimKey(resource); !key.empty()) {
    batch.put(std::move(key), ri);
  }
  putMutableIndexes(batch, resource);
}

void ResourceRepository::stageRemove(storage::WriteBatch& batch, const Resource& resource) {
  batch.del(keys::resource(resource.ri()));
  batch.del(keys::child(resource.pi(), resource.rn()));
  batch.del(keys::typeEntry(static_cast<uint16_t>(resource.type()), resource.path()));
  if (resource.type() == ResourceType::kContentInstance) {
    batch.del(keys::instance(resource.pi(),
                             static_cast<uint64_t>(resource.intAttribute("st", 0))));
  }
  if (std::string key = authorizationIndexKey(resource); !key.empty()) {
    batch.del(std::move(key));
  }
  if (std::string key = tokenIdClaimKey(resource); !key.empty()) {
    batch.del(std::move(key));
  }
  deleteMutableIndexes(batch, resource);
}

void ResourceRepository::stageUniqueness(storage::WriteBatch& batch, const Resource& resource) {
  batch.expectAbsent(keys::resource(resource.ri()));
  batch.expectAbsent(keys::child(resource.pi(), resource.rn()));
  if (std::string key = tokenIdClaimKey(resource); !key.empty()) {
    batch.expectAbsent(std::move(key));
  }
}

void ResourceRepository::stageIndexChanges(storage::WriteBatch& batch, const Resource& before,
                                           const Resource& after) {
  if (before.attributes.value("lbl", Json()) == after.attributes.value("lbl", Json()) &&
      expiryOf(before) == expiryOf(after)) {
    return;
  }
  // Deletes first: a WriteBatch applies in order, so unchanged entries are put back.
  deleteMutableIndexes(batch, before);
  putMutableIndexes(batch, after);
}

}  // namespace citadel::resources
