#include "cse/random/random_id.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>

#include "cse/model/status.h"

namespace citadel::random {

void fillRandom(void* out, size_t size) {
  if (size == 0) return;
  CITADEL_CHECK(size <= static_cast<size_t>(INT_MAX));
  CITADEL_CHECK(RAND_bytes(static_cast<unsigned char*>(out), static_cast<int>(size)) == 1);
}

void fillUnguessable(void* out, size_t size) {
  struct Pool {
    std::array<unsigned char, kPoolBytes> bytes{};
    size_t next = kPoolBytes;  // empty: the first call fills it
  };
  thread_local Pool pool;
  auto* target = static_cast<unsigned char*>(out);
  while (size > 0) {
    if (pool.next == pool.bytes.size()) {
      fillRandom(pool.bytes.data(), pool.bytes.size());
      pool.next = 0;
    }
    size_t take = std::min(size, pool.bytes.size() - pool.next);
    std::memcpy(target, pool.bytes.data() + pool.next, take);
    // Handed out once: the pool's copy is wiped as it is taken.
    OPENSSL_cleanse(pool.bytes.data() + pool.next, take);
    pool.next += take;
    target += take;
    size -= take;
  }
}

std::string unguessableId(std::string_view prefix) {
  unsigned char bytes[kRequestIdBits / 8];
  fillUnguessable(bytes, sizeof(bytes));
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
  fillUnguessable(&value, sizeof(value));
  return value;
}

}  // namespace citadel::random
