#pragma once
// The Enrolee side of the MEF Handshake and Enrolment Exchange (TS-0003 §8.3.2.1): connect,
// TLS-PSK handshake with the bootstrap credential, export Ke and KeID exactly as the MEF does,
// send one request, check the MEF's answer against our own derivation. A library, so that the
// CLI (citadel-mef-client) and the tests share it. Not thread-safe per call; calls on different
// threads are independent.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "cse/model/status.h"
#include "tools/mef/bootstrap_messages.h"
#include "tools/mef/bootstrap_psk_file.h"

namespace citadel::tools::mef {

struct MefClientOptions {
  std::string host = "127.0.0.1";  // the MEF's address
  uint16_t port = 0;
  std::string mef_fqdn;            // MEF-FQDN for KeID (TS-0003 §10.3.4)
  BootstrapPsk psk;                // KpmID and Kpm
  int max_tls_version = 0;         // 0: TLS 1.3; TLS1_2_VERSION to stay at 1.2
  std::chrono::seconds io_timeout{10};
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

}  // namespace citadel::tools::mef
