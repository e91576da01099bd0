#include "cse/random/random_id.h"

#include <openssl/rand.h>

#include <climits>

#include "cse/model/status.h"

namespace citadel::random {

void fillRandom(void* out, size_t size) {
  if (size == 0) return;
  CITADEL_CHECK(size <= static_cast<size_t>(INT_MAX));
  CITADEL_CHECK(RAND_bytes(static_cast<unsigned char*>(out), static_cast<int>(size)) == 1);
}

std::string unguessableId(std::string_view prefix) {
  unsigned char bytes[kRequestIdBits / 8];
  fillRandom(bytes, sizeof(bytes));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(prefix);
  id.reserve(prefix.size() + 2 * sizeof(bytes));
  for (unsigned char byte : bytes) {
    id.push_back(kHex[byte >> 4]);
    id.push_back(kHex[byte & 0x0f]);
  }
  return id;
}

uint64_t randomUint64() {
  uint64_t value = 0;
  fillRandom(&value, sizeof(value));
  return value;
}

}  // namespace citadel::random
