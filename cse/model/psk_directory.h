#pragma once
// Pre-shared keys for TLS-PSK and DTLS-PSK (TS-0003 §8.2.2, RFC 4279): the PSK identity a client
// names in its handshake leads to the key and to the originator that key is provisioned for
// (an AE-ID or CSE-ID). The security module loads them (security/psk_key_store.h); the bindings'
// TLS layers only look them up, so they need not know where keys live.

#include <optional>
#include <string>
#include <string_view>

namespace citadel::model {

struct PskCredential {
  std::string key;         // the raw key bytes; never logged
  std::string originator;  // the identity the key proves: "Cae1", "//sp/id-in/Cae1", "/id-mn"
};

class PskDirectory {
 public:
  virtual ~PskDirectory() = default;
  // The credential for `identity`, or nullopt when there is none. Thread-safe.
  virtual std::optional<PskCredential> find(std::string_view identity) const = 0;
};

}  // namespace citadel::model
