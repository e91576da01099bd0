#pragma once
// This CSE as an Enrolment Target (TS-0003 §8.3.2.1 step f), from the enrolment.* keys: the PSK
// directory that serves TLS-PSK/DTLS-PSK handshakes from tls.pskStore and fetches the keys of
// the MEF's KeIDs (security/mef_client/target_key_directory.h).

#include <memory>

#include "cse/engine/config.h"
#include "cse/model/psk_directory.h"
#include "cse/model/status.h"
#include "security/mef_client/mef_client.h"
#include "security/mef_client/target_key_directory.h"

namespace citadel::app {

// nullptr when enrolment.mef is empty. `local` (the key store; may be nullptr) must outlive the
// result. `suid`: what the keys are for, 22 for TLS-PSK/DTLS-PSK (the SAEF), 23 for ESPrim
// pairwise keys (the EsprimUnwrapStage asks for an unknown kid of the MEF); the MEF gives a
// KeID's key only for the SUID it was issued for. Errors: those of the credential file (4000
// "mef.psk_file" naming it, never a key: missing, open to others, malformed, or not exactly one
// credential), 4000 "config.bad_value" for an enrolment.mef port that is not a number.
// A client of the MEF at enrolment.mef (host:port, enrolment.mefFqdn, the fetch timeout) that
// authenticates with the one credential in `credential_file` ('identity hexkey', 0600). 4000
// "config.bad_value" for a port that is not a number; the file's errors (4000 "mef.psk_file"
// naming it, never a key), also when it holds other than exactly one credential.
model::Result<security::mef::MefClientOptions> mefClientFor(const engine::Config& config,
                                                            const std::string& credential_file);

model::Result<std::unique_ptr<security::mef::TargetKeyDirectory>> makeEnrolmentTarget(
    const engine::Config& config, const model::PskDirectory* local,
    int suid = security::mef::kTlsPskSuid);

}  // namespace citadel::app
