#include "security/psk_key_store.h"

#include "security/config_lines.h"

#include <openssl/crypto.h>

#include <vector>

namespace citadel::security {
namespace {

constexpr size_t kMaxIdentityBytes = 128;  // RFC 4279 §5.1 allows more; nobody needs it
constexpr size_t kMinKeyBytes = 16;        // TS-0003 §8.2.2: at least 128-bit keys
constexpr size_t kMaxKeyBytes = 64;
constexpr size_t kMaxFileBytes = 4 << 20;

model::Status bad(std::string_view origin, size_t line, const std::string& what) {
  return model::Status::badRequest(
      std::string(origin) + ":" + std::to_string(line) + ": " + what, "config.psk_store");
}

}  // namespace

model::Result<PskKeyStore> PskKeyStore::load(const std::string& path) {
  // The keys are copied into the store; the text they came from does not linger.
  return loadKeyFile<PskKeyStore>(path, "PSK key store", "config.psk_store", kMaxFileBytes,
                                  &PskKeyStore::parse);
}

model::Result<PskKeyStore> PskKeyStore::parse(std::string_view text, std::string_view origin) {
  PskKeyStore store;
  model::Status parsed = forEachConfigLine(
      text, [&](size_t line_number, const std::vector<std::string_view>& fields) -> model::Status {
        if (fields.size() != 3) {
          return bad(origin, line_number,
                     "expected \"<psk-identity> <originator> <hex key>\", found " +
                         std::to_string(fields.size()) + " fields");
        }
        std::string_view identity = fields[0];
        std::string_view originator = fields[1];
        std::string_view hex = fields[2];
        if (identity.size() > kMaxIdentityBytes || !isPrintableField(identity)) {
          return bad(origin, line_number, "the PSK identity must be 1 to 128 printable bytes");
        }
        if (!isPrintableField(originator)) {
          return bad(origin, line_number, "the originator must be an AE-ID or CSE-ID");
        }
        if (hex.size() % 2 != 0 || hex.size() < 2 * kMinKeyBytes ||
            hex.size() > 2 * kMaxKeyBytes) {
          return bad(origin, line_number, "the key must be 16 to 64 bytes written as hex");
        }
        std::optional<std::string> key = decodeHexKey(hex);
        if (!key) {
          return bad(origin, line_number, "the key must be written as hex digits");
        }
        model::PskCredential credential;
        credential.originator = std::string(originator);
        credential.key = std::move(*key);
        if (!store.credentials_.emplace(std::string(identity), std::move(credential)).second) {
          return bad(origin, line_number,
                     "the PSK identity " + std::string(identity) + " appears twice");
        }
        return {};
      });
  if (!parsed.isOk()) return parsed;
  return store;
}

std::optional<model::PskCredential> PskKeyStore::find(std::string_view identity) const {
  auto it = credentials_.find(identity);
  if (it == credentials_.end()) return std::nullopt;
  return it->second;
}

}  // namespace citadel::security
