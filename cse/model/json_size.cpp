#include "cse/model/json_size.h"

namespace citadel::model {
namespace {

// Width of a number as JSON text: good enough for a bound (a double is at most ~24 characters).
constexpr size_t kNumberBytes = 8;

}  // namespace

size_t jsonBytes(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: {
      size_t bytes = 2;  // {}
      for (auto it = value.begin(); it != value.end(); ++it) {
        bytes += it.key().size() + 4 + jsonBytes(it.value());  // "key": value,
      }
      return bytes;
    }
    case Json::value_t::array: {
      size_t bytes = 2;  // []
      for (const auto& element : value) {
        bytes += jsonBytes(element) + 1;
      }
      return bytes;
    }
    case Json::value_t::string:
      return value.get_ref<const std::string&>().size() + 2;
    case Json::value_t::binary:
      return value.get_binary().size();
    case Json::value_t::boolean:
      return 5;
    case Json::value_t::null:
      return 4;
    default:
      return kNumberBytes;
  }
}

}  // namespace citadel::model
