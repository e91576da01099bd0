// The TLS-PSK / DTLS-PSK key store reader (security/psk_key_store.h): "<identity> <originator>
// <hex key>" lines.
// Invariants: a rejection is 4000 and its dbg never contains a key field of the input (only
// line numbers, identities and what to fix); an accepted store holds one credential per line
// (a repeated identity is refused) and finds each identity with the originator and the key
// length of its line.

#include <algorithm>
#include <set>

#include "security/config_lines.h"
#include "security/psk_key_store.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = fuzz::asText(data, size);
  auto store = security::PskKeyStore::parse(text, "psk.keys");
  std::vector<std::vector<std::string>> lines;
  security::forEachConfigLine(text, [&](size_t, const std::vector<std::string_view>& fields) {
    lines.emplace_back(fields.begin(), fields.end());
    return model::Status::ok();
  }).ignore("every line is collected; the store's own verdict is checked below");
  if (!store.isOk()) {
    fuzz::checkRejection(store.status());
    FUZZ_CHECK(store.status().rsc() == model::Rsc::kBadRequest);
    std::set<std::string> identities;
    for (const auto& fields : lines) {
      identities.insert(fields[0]);
    }
    for (const auto& fields : lines) {
      // A key is 32..128 hex digits: long enough that it cannot appear in a dbg by chance (an
      // identity may, and is not secret).
      if (fields.size() < 3 || fields[2].size() < 32) continue;
      // Identities are named in a dbg ("appears twice"); a key that is part of one is not
      // leaked by that.
      bool inside_identity =
          std::any_of(identities.begin(), identities.end(), [&](const std::string& identity) {
            return identity.find(fields[2]) != std::string::npos;
          });
      if (!inside_identity) {
        FUZZ_CHECK(store.status().dbg().find(fields[2]) == std::string::npos);
      }
    }
    return 0;
  }
  FUZZ_CHECK(store.value().size() == lines.size());
  for (const auto& fields : lines) {
    FUZZ_CHECK(fields.size() == 3);
    auto credential = store.value().find(fields[0]);
    FUZZ_CHECK(credential.has_value());
    FUZZ_CHECK(credential->originator == fields[1]);
    FUZZ_CHECK(credential->key.size() * 2 == fields[2].size());
  }
  return 0;
}
