#pragma once
// The TLS-PSK / DTLS-PSK key store (TS-0003 §8.2.2, the provisioned symmetric key framework):
// a text file in the data directory, one credential per line,
//
//     <psk-identity> <originator> <key as hex>      # e.g. ae1-key Cae1 6f1e…(32 bytes)
//
// The originator is the AE-ID or CSE-ID the key is provisioned for; a request over a session
// that this key authenticated must come from it (TransportIdentityStage). Because the file
// holds secrets it must be readable by its owner only (mode 0600 or stricter), and no error
// message or log line ever shows a key.

#include <map>
#include <string>

#include "cse/model/psk_directory.h"
#include "cse/model/status.h"

namespace citadel::security {

class PskKeyStore final : public model::PskDirectory {
 public:
  // 4000 naming the file and line (never the key) when the file is missing, readable by group
  // or others, or malformed: identity 1..128 printable bytes, key 16..64 bytes of hex.
  static model::Result<PskKeyStore> load(const std::string& path);
  // The same parser on text, for tests and tools.
  static model::Result<PskKeyStore> parse(std::string_view text, std::string_view origin);

  std::optional<model::PskCredential> find(std::string_view identity) const override;
  size_t size() const { return credentials_.size(); }

 private:
  std::map<std::string, model::PskCredential, std::less<>> credentials_;
};

}  // namespace citadel::security
