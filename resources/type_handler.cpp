#include "resources/type_handler.h"

#include <random>

namespace citadel::resources {

std::string randomResourceId(std::string_view prefix, size_t length) {
  static constexpr char kAlphabet[] =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::string id(prefix);
  id.reserve(prefix.size() + length);
  uint64_t bits = 0;
  for (size_t i = 0; i < length; ++i) {
    if (i % 10 == 0) {
      bits = engine();  // 10 characters of 6 bits each per 64-bit draw
    }
    id.push_back(kAlphabet[(bits & 63) % 62]);
    bits >>= 6;
  }
  return id;
}

const TypeDescriptor& TypeHandler::descriptor() const {
  const TypeDescriptor* found = findDescriptor(type());
  CITADEL_CHECK(found != nullptr);  // a handler without a descriptor row is a build mistake
  return *found;
}

model::Result<std::string> TypeHandler::assignResourceId(const std::string& originator) const {
  return randomResourceId(idPrefix());
}

}  // namespace citadel::resources
