#include "resources/views/attribute_reader.h"

namespace citadel::resources {

const Json* AttributeReader::find(std::string_view name) const {
  if (!attributes_.is_object()) {
    return nullptr;
  }
  auto it = attributes_.find(name);
  return it == attributes_.end() ? nullptr : &*it;
}

std::string AttributeReader::string(std::string_view name) const {
  const Json* value = find(name);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

std::vector<std::string> AttributeReader::stringList(std::string_view name) const {
  std::vector<std::string> strings;
  const Json* value = find(name);
  if (value == nullptr || !value->is_array()) {
    return strings;
  }
  for (const auto& element : *value) {
    if (element.is_string()) {
      strings.push_back(element.get<std::string>());
    }
  }
  return strings;
}

int64_t AttributeReader::integer(std::string_view name, int64_t fallback) const {
  const Json* value = find(name);
  return value != nullptr && value->is_number_integer() ? value->get<int64_t>() : fallback;
}

bool AttributeReader::boolean(std::string_view name, bool fallback) const {
  const Json* value = find(name);
  return value != nullptr && value->is_boolean() ? value->get<bool>() : fallback;
}

const Json& AttributeReader::object(std::string_view name) const {
  static const Json kEmpty = Json::object();
  const Json* value = find(name);
  return value != nullptr && value->is_object() ? *value : kEmpty;
}

std::optional<model::TimePoint> AttributeReader::timestamp(std::string_view name) const {
  const Json* value = find(name);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return model::parseTimestamp(value->get_ref<const std::string&>());
}

}  // namespace citadel::resources
