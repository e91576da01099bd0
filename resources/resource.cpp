#include "resources/resource.h"

namespace citadel::resources {

std::vector<std::string> Resource::acpi() const {
  std::vector<std::string> ids;
  auto it = attributes.find("acpi");
  if (it != attributes.end() && it->is_array()) {
    for (const auto& id : *it) {
      if (id.is_string()) {
        ids.push_back(id.get<std::string>());
      }
    }
  }
  return ids;
}

int64_t Resource::intAttribute(std::string_view name, int64_t fallback) const {
  auto it = attributes.find(name);
  if (it == attributes.end() || !it->is_number_integer()) {
    return fallback;
  }
  return it->get<int64_t>();
}

std::string encodeRecord(const Resource& resource) {
  std::string bytes;
  Json::to_cbor(resource.attributes, bytes);
  return bytes;
}

model::Result<Resource> decodeRecord(std::string_view bytes) {
  Resource resource;
  resource.attributes = Json::from_cbor(bytes.begin(), bytes.end(), true, false);
  if (!resource.attributes.is_object()) {
    // A corrupt record is a storage fault, not a client error.
    return model::Status::internal("stored resource record is corrupt", "store.corrupt_record");
  }
  return resource;
}

Json publicAttributes(const Resource& resource) {
  Json out = Json::object();
  for (auto it = resource.attributes.begin(); it != resource.attributes.end(); ++it) {
    if (it.key().empty() || it.key()[0] != '_') {
      out.emplace(it.key(), it.value());
    }
  }
  return out;
}

Json publicAttributes(Resource&& resource) {
  Json out = std::move(resource.attributes);
  for (auto it = out.begin(); it != out.end();) {
    it = !it.key().empty() && it.key()[0] == '_' ? out.erase(it) : std::next(it);
  }
  return out;
}

}  // namespace citadel::resources
