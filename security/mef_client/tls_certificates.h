#pragma once
// The certificate-based MEF Handshake (TS-0003 §8.3.2.2, the Certificate-Based RSPF): both ends
// present certificates and verify the other's against explicitly configured trust anchors, with
// the ECDHE_ECDSA suites of §10.2.3 (TLS 1.2; TLS 1.3's certificate handshake too). The MEF's
// certificate must name its FQDN (§10.1.1.6); an Enrolee's names its AE-ID or CSE-ID as a URI
// (§10.1.1.5/7), which becomes the session's identity. Beside the PSK profile (tls_psk.h): one
// MEF context serves both, a PSK handshake never asks for a certificate.

#include <string>

#include <openssl/ssl.h>

#include "cse/model/status.h"
#include "security/mef_client/tls_psk.h"

namespace citadel::security::mef {

struct CertificateCredential {
  std::string certificate_file;  // PEM: this end's certificate (chain)
  std::string private_key_file;  // PEM, owner-only
  std::string ca_file;           // PEM trust anchors for the other end's certificate
};

// Adds certificate authentication to a server context: its certificate and key, the anchors
// for client certificates (asked for, not required, so PSK clients still connect), and the
// ECDHE-ECDSA suites. 4000 "mef.tls_certificate" naming the file that cannot be used.
model::Status addServerCertificate(SSL_CTX* context, const CertificateCredential& credential);

// A client context authenticating with `credential` and verifying the server against its
// ca_file. Call expectHost() on each connection. 4000 "mef.tls_certificate".
model::Result<SslContext> makeCertificateClientContext(const CertificateCredential& credential,
                                                       int max_version);

// Before SSL_connect: the server's certificate must name `fqdn` (DNS subjectAltName).
bool expectHost(SSL* ssl, const std::string& fqdn);

// After a handshake: the peer certificate's one URI subjectAltName when the certificate was
// presented and verified; "" otherwise (none, not verified, no URI or several).
std::string verifiedPeerUri(SSL* ssl);
// The same for its one DNS subjectAltName (a CSE-ID certificate's public domain name, TS-0003
// §10.1.1.7, which is the FQDN form of its Enrolment-Target-ID).
std::string verifiedPeerDnsName(SSL* ssl);

}  // namespace citadel::security::mef
