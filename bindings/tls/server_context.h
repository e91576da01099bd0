#pragma once
// What the HTTPS and CoAPS listeners set up alike on their OpenSSL context: the cipher list, the
// certificate chain and key, the trust anchors for client certificates, the verification mode
// of tls.clientAuth and the TLS-PSK callbacks.

#include <string>
#include <string_view>

#include "bindings/tls/server_credentials.h"

typedef struct ssl_ctx_st SSL_CTX;

namespace citadel::tls {

// Loads `credentials` into `context`. The cipher list is `certificate_ciphers` when there is a
// certificate, plus `psk_ciphers` with a key store. A client certificate is verified against
// ca_file (also sent as the acceptable-CA list) as client_auth asks; only its chain: it names an
// AE-ID or CSE-ID, which the security pipeline checks against the originator, never the
// client's address. Returns "" on success, else what failed with OpenSSL's reason.
std::string configureServerContext(SSL_CTX* context, const ServerCredentials& credentials,
                                   std::string_view certificate_ciphers,
                                   std::string_view psk_ciphers);

}  // namespace citadel::tls
