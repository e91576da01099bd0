#include "security/mef_client/bootstrap_psk_file.h"

#include <openssl/crypto.h>

#include <vector>

#include "security/config_lines.h"
#include "security/enrolment/enrolment_keys.h"

namespace citadel::security::mef {
namespace {

constexpr size_t kMaxIdentityBytes = 128;
constexpr size_t kMinKeyBytes = 16;  // TS-0003 §10.2.2: at least 128-bit keys
constexpr size_t kMaxKeyBytes = 64;
constexpr size_t kMaxFileBytes = 1 << 20;
constexpr std::string_view kReason = "mef.psk_file";

model::Status bad(std::string_view origin, size_t line, const std::string& what) {
  return model::Status::badRequest(
      std::string(origin) + ":" + std::to_string(line) + ": " + what, kReason);
}

bool printableAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

BootstrapPsks::~BootstrapPsks() {
  for (auto& [identity, entry] : keys_) OPENSSL_cleanse(entry.key.data(), entry.key.size());
}

model::Result<BootstrapPsks> BootstrapPsks::load(const std::string& path) {
  CITADEL_ASSIGN_OR_RETURN(
      security::ProvisioningFile file,
      security::readProvisioningFile(path, "bootstrap PSK file", kReason, kMaxFileBytes));
  model::Status owner_only = security::requireOwnerOnly(file, path, "bootstrap PSK file", kReason);
  auto psks = owner_only.isOk() ? parse(file.text, path) : model::Result<BootstrapPsks>(owner_only);
  OPENSSL_cleanse(file.text.data(), file.text.size());
  return psks;
}

model::Result<BootstrapPsks> BootstrapPsks::parse(std::string_view text, std::string_view origin) {
  BootstrapPsks psks;
  model::Status parsed = security::forEachConfigLine(
      text, [&](size_t line, const std::vector<std::string_view>& fields) -> model::Status {
        if (fields.size() != 2 && fields.size() != 3) {
          return bad(origin, line,
                     "expected \"<identity> <hex key> [<bound ID>]\", found " +
                         std::to_string(fields.size()) + " fields");
        }
        if (fields[0].size() > kMaxIdentityBytes || !printableAscii(fields[0])) {
          return bad(origin, line, "the identity must be 1 to 128 printable ASCII bytes");
        }
        std::string_view hex = fields[1];
        if (hex.size() < 2 * kMinKeyBytes || hex.size() > 2 * kMaxKeyBytes) {
          return bad(origin, line, "the key must be 16 to 64 bytes written as hex");
        }
        auto key = security::enrolment::fromHex(hex);
        if (!key.isOk()) return bad(origin, line, "the key must be written as hex digits");
        Entry entry{std::move(key).value(), ""};
        if (fields.size() == 3) {
          if (fields[2].size() > security::enrolment::kMaxIdentifierBytes ||
              !printableAscii(fields[2])) {
            return bad(origin, line, "the bound ID must be 1 to 255 printable ASCII bytes");
          }
          entry.bound_id = std::string(fields[2]);
        }
        if (!psks.keys_.emplace(std::string(fields[0]), std::move(entry)).second) {
          return bad(origin, line, "the identity " + std::string(fields[0]) + " appears twice");
        }
        return {};
      });
  if (!parsed.isOk()) return parsed;
  if (psks.keys_.empty()) {
    return model::Status::badRequest(std::string(origin) + ": no bootstrap key", kReason);
  }
  return psks;
}

std::optional<std::string> BootstrapPsks::find(std::string_view identity) const {
  auto it = keys_.find(identity);
  if (it == keys_.end()) return std::nullopt;
  return it->second.key;
}

std::vector<std::string> BootstrapPsks::identities() const {
  std::vector<std::string> all;
  for (const auto& [identity, entry] : keys_) all.push_back(identity);
  return all;
}

std::string BootstrapPsks::boundId(std::string_view identity) const {
  auto it = keys_.find(identity);
  return it == keys_.end() ? "" : it->second.bound_id;
}

std::optional<BootstrapPsk> BootstrapPsks::first() const {
  if (keys_.empty()) return std::nullopt;
  const auto& [identity, entry] = *keys_.begin();
  return BootstrapPsk{identity, entry.key, entry.bound_id};
}

}  // namespace citadel::security::mef
