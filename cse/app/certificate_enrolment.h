#pragma once
// This CSE as an EST Enrolee (TS-0003 §8.3.6.2; issue 17: "a Citadel configured for certificate
// enrolment obtains its own server certificate at start-up when it has none"). With
// enrolment.enrolCertificate, before anything reads the TLS files: when tls.certificate does not
// exist, a bootstrap session with the MEF (enrolment.mef, enrolment.enroleeCredentialFile)
// enrols a CSE-ID certificate (§10.1.1.7) for
//     URI  //<cse.spid>/<cse.id>
//     DNS  <cse.id>.[<registrar.cseId>.]<cse.spid>   (TS-0001 §6.5.1.1 public domain name)
// and writes tls.privateKey (0600) and tls.certificate; when tls.caFile is set and does not
// exist, the MEF's CA certificates go there. An existing certificate is left alone (renewal is
// citadel-mef-client reenrol's job, or a restart after removing it).

#include "cse/engine/config.h"
#include "cse/model/status.h"

namespace citadel::app {

// OK when nothing was to be done or the files are written. 4000 "config.bad_value" for a bad
// enrolment.mef port; the credential file's errors (4000 "mef.psk_file"); 5000
// "enrolment.certificate" naming what failed (the MEF unreachable or refusing, a file not
// writable), never a key.
model::Status enrolOwnCertificate(const engine::Config& config);

}  // namespace citadel::app
