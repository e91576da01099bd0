#pragma once
// What a TLS (HTTPS) or DTLS (CoAPS) listener proves and asks for: one set of credentials and one
// client-authentication policy for both, built once from the tls.* configuration keys.

#include <string>
#include <string_view>

#include "cse/model/psk_directory.h"

namespace citadel::tls {

// Whether the listener asks for a client certificate, and whether it refuses a client without one.
enum class ClientAuth { kNone, kOptional, kRequired };

// "optional" and "required" as named; anything else is kNone (the configuration validates the text
// before).
inline ClientAuth parseClientAuth(std::string_view text) {
  return text == "required"   ? ClientAuth::kRequired
         : text == "optional" ? ClientAuth::kOptional
                              : ClientAuth::kNone;
}

struct ServerCredentials {
  std::string certificate;  // PEM, the server certificate (chain); "" only with psk
  std::string private_key;  // PEM, unencrypted
  std::string ca_file;      // PEM, trust anchors for client certificates ("" = none
                            // accepted)
  // PEM, certificate revocation lists ("" = none): with it, a client certificate is accepted
  // only when a current CRL of its issuing CA is in the file and does not list it (RFC 5280
  // §6.3; TS-0003 §8.1.2.2). Read once, when the listener starts.
  std::string crl_file;
  ClientAuth client_auth = ClientAuth::kNone;
  // Set: PSK handshakes are accepted (TS-0003 §8.2.2); the key's originator becomes the request's
  // transport.peer_identity. Must outlive the listener.
  const model::PskDirectory* psk = nullptr;
};

}  // namespace citadel::tls
