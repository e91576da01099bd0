#pragma once
// ESCertKE's TLS (TS-0003 §8.7, §10.2.3, §10.3.1): the TLS 1.2 handshake both end-points run
// over memory BIOs, so that its flights travel as NOTIFY contents (m2m:seci sit 6, eckm;
// TS-0001 §11.4.3) instead of on a socket, and the pairwiseE2EKey both export from it.
//
// TLS 1.2 only: the four ESCertKE Messages of TS-0003 Table 8.7.2.2-1 are the flights of a full
// TLS 1.2 handshake with client authentication (TLS 1.3 has another shape). Both certificates
// are verified against the configured anchors; no session is cached or resumed.

#include <memory>
#include <string>
#include <string_view>

#include "cse/model/status.h"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct bio_st BIO;

namespace citadel::security::escertke {

struct EscertkeCredentials {
  std::string certificate;  // PEM chain of this end-point (its AE-ID or CSE-ID certificate)
  std::string private_key;  // PEM, unencrypted
  std::string ca_file;      // PEM anchors the other end-point's certificate must chain to
};

// TS-0003 §10.2.3's mandatory TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, and the AES-GCM suites of
// the same ECDHE key exchange (ECDSA or RSA certificates).
inline constexpr const char* kEscertkeCipherSuites =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA256:"
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA256";

// Largest ESCertKE Message accepted (a flight with a certificate chain is a few KiB).
inline constexpr size_t kMaxMessageBytes = 64 * 1024;

// The pairwiseE2EKey and its ID (TS-0003 §10.3.1: EXPORTER-oneM2M-ESCertKE, 48 bytes; the key
// is the 32 least significant bytes, the ID the 16 most significant).
struct E2EKey {
  std::string key;     // 32 raw bytes
  std::string key_id;  // the 16-byte ID as 32 lower-case hex digits: the JWE `kid` (README.md)
};

// One end-point's TLS context. 4000 "escertke.credentials" naming the file (never its content)
// when a certificate, key or anchor file cannot be loaded or the key does not match.
class EscertkeContext {
 public:
  static model::Result<std::shared_ptr<EscertkeContext>> make(bool terminating,
                                                              const EscertkeCredentials& creds);
  ~EscertkeContext();
  EscertkeContext(const EscertkeContext&) = delete;
  EscertkeContext& operator=(const EscertkeContext&) = delete;
  SSL_CTX* get() const { return context_; }
  bool terminating() const { return terminating_; }

 private:
  EscertkeContext(SSL_CTX* context, bool terminating)
      : context_(context), terminating_(terminating) {}
  SSL_CTX* context_;
  bool terminating_;
};

// One handshake over memory BIOs. Not thread-safe (one per exchange).
class TunnelledHandshake {
 public:
  explicit TunnelledHandshake(std::shared_ptr<EscertkeContext> context);
  ~TunnelledHandshake();
  TunnelledHandshake(const TunnelledHandshake&) = delete;
  TunnelledHandshake& operator=(const TunnelledHandshake&) = delete;

  // Feeds `incoming` (the other end-point's message; "" for the Initiating End-Point's first),
  // advances the handshake and returns the message to send ("" when there is none). 4000
  // "escertke.too_large" past kMaxMessageBytes; 4106 "escertke.handshake_failed" with
  // OpenSSL's reason when the handshake fails (certificate not verified, no common suite, a
  // bad Finished, bytes that are not TLS records).
  model::Result<std::string> advance(std::string_view incoming);
  bool finished() const { return finished_; }
  // After finished(): the first subjectAltName URI of the other end-point's verified
  // certificate ("" when it has none).
  std::string peerIdentity() const;
  // After finished(): the exported pairwiseE2EKey. 5000 before.
  model::Result<E2EKey> exportKey() const;

 private:
  std::shared_ptr<EscertkeContext> context_;
  SSL* ssl_ = nullptr;
  BIO* in_ = nullptr;   // owned by ssl_
  BIO* out_ = nullptr;  // owned by ssl_
  bool finished_ = false;
};

// True when `message` starts with a TLS handshake record holding a ClientHello (ESCertKE
// Message 1).
bool isClientHello(std::string_view message);

}  // namespace citadel::security::escertke
