#pragma once
// The TLS-PSK profile both ends of the MEF Handshake use (TS-0003 §8.3.2.1 step 3, §10.2.2):
// TLS 1.2 with the PSK cipher suites, or TLS 1.3 with an external PSK (SHA-256 suites; OpenSSL
// feeds the RFC 4279-style callbacks into TLS 1.3 for those). No certificate is involved.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <openssl/ssl.h>

#include "cse/model/status.h"
#include "security/mef_client/bootstrap_psk_file.h"

namespace citadel::security::mef {

struct SslContextDeleter {
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};
using SslContext = std::unique_ptr<SSL_CTX, SslContextDeleter>;
struct SslDeleter {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
using Ssl = std::unique_ptr<SSL, SslDeleter>;

// The key of a PSK identity, or nullopt for an unknown one. Called during handshakes, on the
// connections' threads: it must be thread-safe.
using PskLookup = std::function<std::optional<std::string>(std::string_view identity)>;

// A server context that accepts the identities `lookup` (which must outlive it) knows and
// nothing else: an unknown identity or a wrong key fails the handshake. 5000 "mef.tls_setup".
model::Result<SslContext> makePskServerContext(const PskLookup& lookup);

// A client context presenting `psk` (copied into the context). `max_version`: 0 for TLS 1.3,
// TLS1_2_VERSION to stay at 1.2. 5000 "mef.tls_setup".
model::Result<SslContext> makePskClientContext(const BootstrapPsk& psk, int max_version);

// Before SSL_accept on a server `ssl`: the handshake stores the PSK identity it accepts into
// `*identity` (which must outlive the handshake); it stays "" when none was accepted.
void watchAcceptedIdentity(SSL* ssl, std::string* identity);

// SSL_read / SSL_write_all adapters: bytes read (0 at a clean end, negative on error) and
// whether all of `bytes` went out.
long sslRead(SSL* ssl, char* buffer, size_t capacity);
bool sslWriteAll(SSL* ssl, std::string_view bytes);

}  // namespace citadel::security::mef
