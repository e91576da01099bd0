#pragma once
// Who a TLS or DTLS peer proved to be (TS-0003 §8.1.2.4, §8.2.2): for a certificate, the URI
// entries of its subjectAltName, which for an AE-ID certificate hold the Absolute AE-ID
// ("//sp.example/id-in/Cae1" or "//sp.example/Sae1") and for a CSE-ID certificate the CSE-ID;
// for a PSK handshake, the originator the key store binds to the PSK identity.

#include <string>
#include <vector>

#include "cse/model/psk_directory.h"

typedef struct x509_st X509;
typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_session_st SSL_SESSION;

namespace citadel::tls {

// The subjectAltName URI entries of `certificate`, in certificate order; empty when it has none.
std::vector<std::string> subjectAltNameUris(const X509* certificate);

// Makes `context` accept PSK handshakes (TLS 1.2 PSK suites and TLS 1.3 external PSKs) with the
// keys of `directory`, which must outlive the context. An unknown identity fails the handshake.
void enablePskServer(SSL_CTX* context, const model::PskDirectory* directory);

// The originator a PSK handshake proved, as remembered by its session ("" for none): what a
// resumed session proved.
std::string sessionPskIdentity(SSL_SESSION* session);

// The identity `ssl` (an established session) proved: the PSK's originator, else the first
// subjectAltName URI of a verified peer certificate, else "".
std::string authenticatedIdentity(SSL* ssl);

}  // namespace citadel::tls
