#pragma once
// What the MEF does with one request that arrived inside an authenticated session: the
// Enrolment Exchange of TS-0003 §8.3.2.1 and the Enrolment Target's key retrieval (step f), in
// the minimal form README.md describes. Pure logic over the IssuedKeys store, the credentials
// and a Clock; the TLS server (tls_psk_server.h) calls it. Thread-safe: every request may run
// on its own thread.
//
// An Enrolee's session (its identity is in `enrolees`):
//   POST /bootstrap   {"target": FQDN, "suid": n}  -> 200 the BootstrapAnswer (no key)
//   GET  /enrolments                               -> 200 the Enrolee's own enrolments
//   with EST enabled (enableEst), RFC 7030 over the same session:
//   GET  /.well-known/est/cacerts                  -> 200 base64 certs-only PKCS#7 (the CA)
//   GET  /.well-known/est/csrattrs                 -> 200 base64 CsrAttrs
//   POST /.well-known/est/simpleenroll, simplereenroll, body base64 PKCS#10
//                                                  -> 200 base64 certs-only PKCS#7 (the
//        certificate for the credential's Enrolee-ID); 400 bad CSR/challenge, 403 another ID
// An Enrolment Target's session (its identity is in `targets`, bound to its target FQDN):
//   GET /fetchCredentials/<KeID>/<suid>, X-M2M-Origin: <target FQDN>
//                                                  -> 200 the FetchAnswer (the key)
//
// Failures answer {"status": false, "error": …} (Table 8.3.2.1-6) with 400 (bad message or
// identifier), 403 (an X-M2M-Origin other than the credential's target), 404 (unknown path,
// including the other role's paths; for a fetch: no valid key of that KeID and SUID for
// this target, the same answer whether the KeID is unknown, another target's, expired or has
// no Enrolee-ID, so a target learns nothing about keys not issued for it), 405 (wrong
// method), 409 (KeID reused) or 500 (storage).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "cse/model/clock.h"
#include "security/enrolment/enrolment_keys.h"
#include "security/mef_client/bootstrap_psk_file.h"
#include "security/mef_client/http_message.h"
#include "tools/mef/est_authority.h"
#include "tools/mef/issued_keys.h"
#include "tools/mef/tls_psk_server.h"

namespace citadel::tools::mef {

// The Enrolment Exchange's messages, framing and TLS-PSK profile are the library's, shared with
// every Enrolee and Enrolment Target (security/mef_client/).
using namespace security::mef;

// Who may connect: the Enrolees' bootstrap credentials (bound ID = Enrolee-ID) and the
// Enrolment Targets' (bound ID = the target FQDN). An identity is in one of them only.
// The key of a certificate session's records (issued keys, the Enrolee's index): no PSK identity
// may begin with it (MefCredentials::check).
inline constexpr std::string_view kCertificateSessionPrefix = "cert:";

struct MefCredentials {
  BootstrapPsks enrolees;
  BootstrapPsks targets;
  // Administrators (--admin-psk-file): their sessions revoke issued keys and certificates.
  BootstrapPsks admins;

  // 4000 "mef.psk_file" naming the identity when it is in both, or a target credential has no
  // target FQDN (encodeIdentifier must accept it).
  model::Status check() const;
  // The key of `identity` in either set: the TLS server's lookup.
  std::optional<std::string> key(std::string_view identity) const;
};

struct MefSettings {
  std::string fqdn;                                     // MEF-FQDN, the KeID suffix
  std::chrono::seconds lifetime = std::chrono::hours(24 * 30);  // Enrolment Expiry
  std::string sp_id;  // makes a relative Enrolee-ID absolute for EST ("" : only absolute ones)
  // --certificate-targets: a certificate session whose certificate names one DNS name may fetch
  // the keys issued for that Enrolment-Target-ID.
  bool certificate_targets = false;
};

// The session the TLS handshake established: who the Enrolee is and the Ke both ends exported.
struct BootstrapSession {
  // The PSK identity the handshake accepted, or kCertificateSessionPrefix + certificate_uri.
  std::string kpm_id;
  security::enrolment::EnrolmentKey key;
  // This session's EST challengePassword (est_messages.h: its channel binding).
  std::string challenge_password;
  // The Enrolee's identity from its verified certificate (certificate-based MEF Handshake,
  // TS-0003 §8.3.2.2); "" in a PSK session.
  std::string certificate_uri;
  std::string certificate_serial;  // that certificate's serial (hex), for revocation
  std::string certificate_dns;     // its one DNS name ("" for none or several)
};

class MefService : public SessionHandler {
 public:
  // `credentials` must outlive the service.
  MefService(IssuedKeys& issued, const model::Clock& clock, MefSettings settings,
             const MefCredentials& credentials)
      : issued_(issued), clock_(clock), settings_(std::move(settings)),
        credentials_(credentials) {}

  // The TLS server's entry: the session's Ke and KeID (export "EXPORTER-oneM2M-Bootstrap",
  // TS-0003 §10.3.1) and EST challenge, then handle().
  HttpReply handleSession(const HttpMessage& request, SSL* ssl,
                          const AuthenticatedPeer& peer) override;
  HttpReply handle(const HttpMessage& request, const BootstrapSession& session);

  // Serves EST (est_authority.h) to Enrolees with `authority`, which must outlive the service.
  void enableEst(const EstAuthority* authority) { est_ = authority; }

 private:
  HttpReply bootstrap(const HttpMessage& request, const BootstrapSession& session);
  HttpReply listEnrolments(const BootstrapSession& session);
  // `target_id`: the Enrolment Target the session authenticates (a target credential's bound
  // ID, or a certificate's DNS name).
  HttpReply fetchCredentials(const HttpMessage& request, const BootstrapSession& session,
                             const std::string& target_id);
  HttpReply est(const HttpMessage& request, const BootstrapSession& session);
  HttpReply revoke(const HttpMessage& request, const BootstrapSession& session);
  HttpReply crl();
  // The SAN URI an Enrolee's credential entitles (its Enrolee-ID, made absolute), or "".
  std::string entitledUri(const BootstrapSession& session) const;
  // The Enrolee-ID keys issued in `session` are bound to: the certificate's identity, or the one
  // configured for the PSK identity.
  std::string enroleeIdOf(const BootstrapSession& session) const;

  IssuedKeys& issued_;
  const model::Clock& clock_;
  const MefSettings settings_;
  const MefCredentials& credentials_;
  const EstAuthority* est_ = nullptr;
};

}  // namespace citadel::tools::mef
