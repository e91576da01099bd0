#pragma once
// What the MEF does with one request that arrived inside an authenticated bootstrap session:
// the Enrolment Exchange of TS-0003 §8.3.2.1 in the minimal form README.md describes. Pure
// logic over the IssuedKeys store and a Clock; the TLS server (tls_psk_server.h) calls it.
// Thread-safe: every request may run on its own thread.
//
//   POST /bootstrap   {"target": FQDN, "suid": n}  -> 200 the BootstrapAnswer (no key)
//   GET  /enrolments                               -> 200 the Enrolee's own enrolments
//
// Failures answer {"status": false, "error": …} (Table 8.3.2.1-6) with 400 (bad message or
// identifier), 404 (unknown path), 405 (wrong method), 409 (KeID reused) or 500 (storage).

#include <chrono>
#include <string>

#include "cse/model/clock.h"
#include "security/enrolment/enrolment_keys.h"
#include "tools/mef/http_message.h"
#include "tools/mef/issued_keys.h"

namespace citadel::tools::mef {

struct MefSettings {
  std::string fqdn;                                     // MEF-FQDN, the KeID suffix
  std::chrono::seconds lifetime = std::chrono::hours(24 * 30);  // Enrolment Expiry
};

// The session the TLS handshake established: who the Enrolee is and the Ke both ends exported.
struct BootstrapSession {
  std::string kpm_id;  // the PSK identity the handshake accepted
  security::enrolment::EnrolmentKey key;
};

struct HttpReply {
  int code = 200;
  std::string reason = "OK";
  std::string body;
};

class MefService {
 public:
  MefService(IssuedKeys& issued, const model::Clock& clock, MefSettings settings)
      : issued_(issued), clock_(clock), settings_(std::move(settings)) {}

  HttpReply handle(const HttpMessage& request, const BootstrapSession& session);

 private:
  HttpReply bootstrap(const HttpMessage& request, const BootstrapSession& session);
  HttpReply listEnrolments(const BootstrapSession& session);

  IssuedKeys& issued_;
  const model::Clock& clock_;
  const MefSettings settings_;
};

}  // namespace citadel::tools::mef
