#include "security/esprim/pairwise_key_store.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <set>

#include "security/config_lines.h"

namespace citadel::security::esprim {
namespace {

constexpr size_t kMaxFieldBytes = 128;
constexpr size_t kMinKeyBytes = 16;  // 128-bit keys at least (TS-0003 §8.2.2's floor)
constexpr size_t kMaxKeyBytes = 64;
constexpr size_t kMaxFileBytes = 4 << 20;
constexpr std::string_view kWhat = "ESPrim key store";
constexpr std::string_view kReason = "config.esprim_keys";

model::Status bad(std::string_view origin, size_t line, const std::string& what) {
  return model::Status::badRequest(
      std::string(origin) + ":" + std::to_string(line) + ": " + what, kReason);
}

// Constant time in the bytes of `stored` (the longer side is never read past its end).
bool sameId(std::string_view stored, std::string_view wanted) {
  bool same_length = stored.size() == wanted.size();
  size_t n = std::min(stored.size(), wanted.size());
  bool same_prefix = n == 0 || CRYPTO_memcmp(stored.data(), wanted.data(), n) == 0;
  return same_length & same_prefix;
}

}  // namespace

std::optional<PairwiseKey> findKey(const std::vector<PairwiseKey>& keys, std::string_view key_id,
                                   model::TimePoint now) {
  const PairwiseKey* found = nullptr;
  for (const PairwiseKey& entry : keys) {
    if (sameId(entry.key_id, key_id)) found = &entry;
  }
  if (found == nullptr || (found->expires && *found->expires <= now)) return std::nullopt;
  return *found;
}

PairwiseKeyStore::~PairwiseKeyStore() {
  for (PairwiseKey& entry : keys_) OPENSSL_cleanse(entry.key.data(), entry.key.size());
}

model::Result<PairwiseKeyStore> PairwiseKeyStore::load(const std::string& path) {
  // The keys are copied into the store; the text they came from does not linger.
  return loadKeyFile<PairwiseKeyStore>(path, kWhat, kReason, kMaxFileBytes,
                                       &PairwiseKeyStore::parse);
}

model::Result<PairwiseKeyStore> PairwiseKeyStore::parse(std::string_view text,
                                                        std::string_view origin) {
  PairwiseKeyStore store;
  std::set<std::string, std::less<>> seen;
  model::Status parsed = forEachConfigLine(
      text, [&](size_t line_number, const std::vector<std::string_view>& fields) -> model::Status {
        if (fields.size() != 3 && fields.size() != 4) {
          return bad(origin, line_number,
                     "expected \"<key-id> <originator> <hex key> [<expiry>]\", found " +
                         std::to_string(fields.size()) + " fields");
        }
        std::string_view key_id = fields[0];
        std::string_view originator = fields[1];
        std::string_view hex = fields[2];
        if (key_id.size() > kMaxFieldBytes || !isPrintableField(key_id)) {
          return bad(origin, line_number, "the key ID must be 1 to 128 printable bytes");
        }
        if (originator.size() > kMaxFieldBytes || !isPrintableField(originator)) {
          return bad(origin, line_number,
                     "the originator must be an AE-ID or CSE-ID of 1 to 128 printable bytes");
        }
        if (hex.size() < 2 * kMinKeyBytes || hex.size() > 2 * kMaxKeyBytes) {
          return bad(origin, line_number, "the key must be 16 to 64 bytes written as hex");
        }
        std::optional<std::string> key = decodeHexKey(hex);
        if (!key) {
          return bad(origin, line_number, "the key must be 16 to 64 bytes written as hex");
        }
        PairwiseKey entry{std::string(key_id), std::string(originator), std::move(*key), {}};
        if (fields.size() == 4) {
          entry.expires = model::parseTimestamp(fields[3]);
          if (!entry.expires) {
            OPENSSL_cleanse(entry.key.data(), entry.key.size());
            return bad(origin, line_number,
                       "the expiry must be a timestamp such as 20271231T000000");
          }
        }
        if (!seen.insert(entry.key_id).second) {
          OPENSSL_cleanse(entry.key.data(), entry.key.size());
          return bad(origin, line_number, "the key ID " + entry.key_id + " appears twice");
        }
        store.keys_.push_back(std::move(entry));
        return {};
      });
  if (!parsed.isOk()) return parsed;
  return store;
}

std::optional<PairwiseKey> PairwiseKeyStore::find(std::string_view key_id,
                                                  model::TimePoint now) const {
  return findKey(keys_, key_id, now);
}

}  // namespace citadel::security::esprim
