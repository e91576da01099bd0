#pragma once
// This CSE as a Target MAF Client in the MAF-based SAEF (TS-0003 §8.2.3.x, §8.8.2.8), from the
// maf.* keys: a TLS-PSK or DTLS-PSK client whose psk_identity is a Key Identifier of the
// configured MAF ("<RelativeKeyID>@<maf.fqdn>", §10.3.5) and that no earlier directory knows
// makes the CSE retrieve the key from the MAF over its own MAF Handshake (maf.credentialFile:
// 'KmID hexKm'). The MAF gives the key only to the Target MAF Clients the source listed, so the
// source must have named this CSE's Absolute CSE-ID. The key must be a SAEF key (SUID 32; any
// other SUID is refused: "the SUID is used to ensure that Entity B shall use Kc only with the
// MAF-Based SAEF"); psk = Kc, the whole 32 bytes (§8.2.3's "psk parameter set to the value of
// Kc", the clause specific to the SAEF, over §8.8.1's general "first half" rule). The session is
// bound to the source's MAF Client ID (Entity A's AE-ID or CSE-ID), until the expirationTime the
// MAF gave. The bounds against a hostile client are TargetKeyDirectory's
// (target_key_directory.h), with the enrolment.* limits.

#include <memory>

#include "cse/engine/config.h"
#include "cse/model/psk_directory.h"
#include "cse/model/status.h"
#include "security/esprim/rand_object_issuer.h"
#include "security/mef_client/target_key_directory.h"

namespace citadel::app {

// TS-0004 m2m:suid 32: "A MAF-distributed symmetric key intended for use in a SAEF"; 33: "... in
// ESPrim".
inline constexpr int kMafSaefSuid = 32;
inline constexpr int kMafEsprimSuid = security::esprim::kSuidMafEsprim;

// `suid` 32: TLS-PSK keys (the PSK is Kc); 33: ESPrim pairwise keys for kids of the MAF (the
// key is deriveMafEsprimKey(Kc), TS-0003 §8.4.2 C.6a.4; the EsprimUnwrapStage asks). A key the
// MAF registered with another SUID is refused. nullptr when maf.address is empty. `next` (the
// directories consulted first: the key store and the MEF's; may be nullptr) must outlive the
// result. Errors: those of the credential file (4000 "mef.psk_file" naming it, never a key),
// 4000 "config.bad_value" for a port that is not a number.
model::Result<std::unique_ptr<security::mef::TargetKeyDirectory>> makeMafTarget(
    const engine::Config& config, const model::PskDirectory* next, int suid = kMafSaefSuid);

}  // namespace citadel::app
