#include "resources/type_handler.h"

#include "cse/random/random_id.h"

#include <random>

namespace citadel::resources {

namespace {

// Appends `length` characters of [0-9a-zA-Z] drawn uniformly from the CSPRNG (a byte below 248
// = 4 × 62 maps to one character; others are drawn again). Each thread draws 256 bytes at a
// time: one RAND_bytes call costs as much as a few hundred bytes of its output (~7,000
// instructions, 1.5 % of a CREATE: issue 25 #4), and the bytes left in the buffer are only ever
// used for resource IDs, which are public once assigned.
void appendRandomCharacters(std::string& id, size_t length) {
  static constexpr char kAlphabet[] =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  struct Pool {
    unsigned char bytes[256];
    size_t used = sizeof(bytes);
  };
  thread_local Pool pool;
  while (length > 0) {
    if (pool.used == sizeof(pool.bytes)) {
      random::fillRandom(pool.bytes, sizeof(pool.bytes));
      pool.used = 0;
    }
    unsigned char b = pool.bytes[pool.used++];
    if (b < 248) {
      id.push_back(kAlphabet[b % 62]);
      --length;
    }
  }
}

}  // namespace

std::string randomResourceId(std::string_view prefix, size_t length) {
  std::string id(prefix);
  id.reserve(prefix.size() + length);
  appendRandomCharacters(id, length);
  return id;
}

std::string timeOrderedResourceId(std::string_view prefix, std::chrono::system_clock::time_point now,
                                  size_t length) {
  // Base 62 with its digits in byte order, so that the IDs of later milliseconds sort after.
  static constexpr char kOrdered[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  uint64_t value = ms > 0 ? static_cast<uint64_t>(ms) : 0;
  char time_part[kTimeOrderedDigits];
  for (size_t i = kTimeOrderedDigits; i-- > 0;) {
    time_part[i] = kOrdered[value % 62];
    value /= 62;
  }
  std::string id(prefix);
  id.reserve(prefix.size() + kTimeOrderedDigits + length);
  id.append(time_part, kTimeOrderedDigits);
  appendRandomCharacters(id, length);
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
