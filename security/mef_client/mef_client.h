#pragma once
// The client side of the MEF (TS-0003 §8.3.2.1): the Enrolee's MEF Handshake and Enrolment
// Exchange (connect, TLS-PSK handshake with the bootstrap credential, export Ke and KeID
// exactly as the MEF does, send one request, check the MEF's answer against our own
// derivation), and the Enrolment Target's key retrieval (step f). A library, so that the CLI
// (citadel-mef-client), the CSE and the tests share it. Every call is bounded by
// `io_timeout` as a whole (connect, handshake, request, answer): a slow or stalled MEF costs
// the caller at most that long. Calls on different threads are independent.

#include <openssl/types.h>

#include <chrono>
#include <functional>
#include <cstdint>
#include <string>
#include <vector>

#include "cse/model/status.h"
#include "security/mef_client/bootstrap_messages.h"
#include "security/mef_client/bootstrap_psk_file.h"
#include "security/mef_client/http_message.h"
#include "security/mef_client/tls_certificates.h"

namespace citadel::security::mef {

struct MefClientOptions {
  std::string host = "127.0.0.1";  // the MEF's address
  uint16_t port = 0;
  std::string mef_fqdn;            // MEF-FQDN for KeID (TS-0003 §10.3.4)
  BootstrapPsk psk;                // KpmID and Kpm
  // When certificate.certificate_file is set, the certificate-based MEF Handshake (TS-0003
  // §8.3.2.2) replaces the PSK one: this end's certificate, the MEF's checked against
  // certificate.ca_file and mef_fqdn.
  CertificateCredential certificate;
  int max_tls_version = 0;         // 0: TLS 1.3; TLS1_2_VERSION to stay at 1.2
  std::chrono::milliseconds io_timeout{10000};  // the whole exchange, from connect to answer
  std::string peer_name = "MEF";   // names the server in messages ("MAF" for maf_client.h)
};

// What a bootstrap yields. `ke` and `key` are secrets: never log them.
struct BootstrapOutcome {
  BootstrapAnswer answer;  // as the MEF sent it, checked
  std::string ke;          // the Enrolment Key this end exported
  std::string key;         // the usage-constrained key this end derived for the target
  std::string tls_version; // "TLSv1.3" / "TLSv1.2"
};

// Runs POST /bootstrap for `request`. Errors: 5000 "mef.unreachable" (no TCP connection),
// 5000 "mef.handshake_refused" (the TLS handshake failed: wrong key or unknown identity),
// 5000 "mef.bad_answer" (a malformed answer, or a KeID or key confirmation that differs from
// ours: the two ends do not share the keys), 4000 "mef.refused" with the MEF's error text when
// it answered a failure, and the derivation errors of security/enrolment for a bad target/SUID.
model::Result<BootstrapOutcome> bootstrap(const MefClientOptions& options,
                                          const BootstrapRequest& request);

// GET /enrolments over a fresh bootstrap session: the enrolments of our KpmID. The same errors.
model::Result<std::vector<Enrolment>> listEnrolments(const MefClientOptions& options);

// The Enrolment Target's MEF Key Retrieval (TS-0003 §8.3.2.1 step f): GET
// /fetchCredentials/<KeID>/<suid> with X-M2M-Origin `target_id`, authenticated by the
// target's own credential in `options.psk`. The answer is checked: its KeID and SUID must be
// the ones asked for. The errors of bootstrap(), where "mef.refused" means the MEF has no valid
// key of that KeID and SUID for this target (unknown, issued for another target, expired).
// One request in a fresh bootstrap session, its body made by `make_body` once the session is
// up, so that it may bind to it (EST's challengePassword, est_client.h). The errors of
// bootstrap(); an answer other than 200 is "mef.refused" with the MEF's error text.
using SessionBody = std::function<model::Result<std::string>(SSL*)>;
struct SessionAnswer {
  HttpMessage answer;
  std::string tls_version;
};
model::Result<SessionAnswer> requestInSession(const MefClientOptions& options,
                                              std::string_view method, std::string_view target,
                                              std::string_view content_type,
                                              const SessionBody& make_body);

// A client of the key service (MEF or MAF) at `address` ("host:port"; `address_key` names the
// option or configuration key in errors) with FQDN `fqdn`, each call bounded by `timeout_ms`,
// authenticated by the one credential in `credential_file` ('identity hexkey', 0600; "" for none:
// the caller sets options.certificate). 4000
// "config.bad_value" for an address that is not host:port; the file's errors (4000
// "mef.psk_file" naming it, never a key), also when it holds other than exactly one credential.
model::Result<MefClientOptions> keyServiceClient(const std::string& address,
                                                 const std::string& fqdn,
                                                 const std::string& credential_file,
                                                 int64_t timeout_ms,
                                                 std::string_view address_key);

model::Result<FetchAnswer> fetchCredentials(const MefClientOptions& options,
                                            const std::string& key_id, int suid,
                                            const std::string& target_id);

}  // namespace citadel::security::mef
