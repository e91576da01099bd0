#include "resources/resource_repository.h"

#include "storage/key_layout.h"

namespace citadel::resources {

namespace keys = storage::keys;

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

Result<std::vector<std::string>> ResourceRepository::childIds(std::string_view parent_ri,
                                                             size_t limit) {
  std::vector<std::string> ids;
  std::string prefix = keys::childPrefix(parent_ri);
  auto it = store_.newIterator();
  for (it->seek(prefix); it->valid() && ids.size() < limit; it->next()) {
    if (!it->key().starts_with(prefix)) {
      break;
    }
    ids.emplace_back(it->value());
  }
  CITADEL_RETURN_IF_ERROR(it->status());
  return ids;
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

void ResourceRepository::stagePut(storage::WriteBatch& batch, const Resource& resource) {
  batch.put(keys::resource(resource.ri()), encodeRecord(resource));
}

void ResourceRepository::stageIndexes(storage::WriteBatch& batch, const Resource& resource) {
  std::string ri = resource.ri();
  batch.put(keys::child(resource.pi(), resource.rn()), ri);
  if (resource.type() == ResourceType::kContentInstance) {
    batch.put(keys::instance(resource.pi(), static_cast<uint64_t>(resource.intAttribute("st", 0))),
              ri);
  }
}

void ResourceRepository::stageRemove(storage::WriteBatch& batch, const Resource& resource) {
  batch.del(keys::resource(resource.ri()));
  batch.del(keys::child(resource.pi(), resource.rn()));
  if (resource.type() == ResourceType::kContentInstance) {
    batch.del(keys::instance(resource.pi(),
                             static_cast<uint64_t>(resource.intAttribute("st", 0))));
  }
}

}  // namespace citadel::resources
