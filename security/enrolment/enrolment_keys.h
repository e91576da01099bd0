#pragma once
// Key derivation of the Remote Security Provisioning Frameworks (TS-0003 §10.3; our digest
// ../shared/spec/security.md §7.2). Pure functions over byte strings (std::string holds bytes):
// no I/O, no state, thread-safe. Keys are secrets: callers never log them (log key IDs).
// The encodings the text leaves open are chosen here, once; see README.md in this folder.

#include <cstdint>
#include <string>
#include <string_view>

#include "cse/model/status.h"

namespace citadel::security::enrolment {

// TS-0003 §10.3.1: the exporter output is 48 bytes.
inline constexpr size_t kExportedBytes = 48;
inline constexpr size_t kKeyBytes = 32;         // Ke, Km, Kpsa, the usage-constrained key
inline constexpr size_t kRelativeIdBytes = 16;  // RelativeKeID
// The longest identifier (Enrolee-B-ID, MAF-ID, Enrolment-Target-ID, MEF-FQDN) accepted.
inline constexpr size_t kMaxIdentifierBytes = 255;

// TS-0003 §10.3.2, §10.3.3, §10.3.7: the labels, exactly as written there.
inline constexpr std::string_view kMasterCredentialLabel =
    "oneM2M Enrolment Key to Master Credential derivation";
inline constexpr std::string_view kProvisionedKeyLabel =
    "oneM2M Enrolment Key to Provisioned Secure Connection Key derivation";
inline constexpr std::string_view kUsageConstrainedLabel =
    "oneM2M Enrolment Key to Usage-Constrained Symmetric Key derivation";
// Citadel's own: TS-0003 §8.4.2 C.6a.4 derives the pairwiseESPrimKey of the MAF ESPrim
// Framework "from Kc and a reserved string" without giving the string (README.md).
inline constexpr std::string_view kMafEsprimLabel =
    "oneM2M MAF Kc to pairwiseESPrimKey derivation";
// Citadel's own (not in TS-0003): the key-confirmation value both sides compare (README.md).
inline constexpr std::string_view kKeyConfirmationLabel = "Citadel MEF key confirmation";

// Ke and RelativeKeID from the 48 exported bytes (TS-0003 §10.3.1).
struct EnrolmentKey {
  std::string ke;               // 32 bytes: the least significant, i.e. bytes 16..47
  std::string relative_key_id;  // 16 bytes: the most significant, i.e. bytes 0..15
};

// Splits the exporter output. 4000 "enrolment.export_length" unless it is exactly 48 bytes.
model::Result<EnrolmentKey> splitExportedKey(std::string_view exported);

// TS-0003 §10.3.4: "hexBinary(RelativeKeID)@MEF-FQDN", lower-case hex. 4000
// "enrolment.bad_identifier" when `mef_fqdn` is not a valid identifier (encodeIdentifier).
model::Result<std::string> makeKeyId(std::string_view relative_key_id, std::string_view mef_fqdn);

// The octets an identifier contributes to a derivation: UTF-8 in NFKC (TS-0003 §10.3.2). We
// have no Unicode normalizer, so only printable ASCII (0x21..0x7e) is accepted: it is its own
// NFKC form, and refusing the rest means two parties never disagree on the octets. 4000
// "enrolment.bad_identifier" for an empty, longer than 255 bytes or non-ASCII identifier.
model::Result<std::string> encodeIdentifier(std::string_view identifier);

// The octets a SUID contributes to the usage-constrained derivation: its decimal digits in ASCII
// ("23" for RSPF-provisioned ESPrim). TS-0003 §10.3.7 leaves this open. 4000
// "enrolment.bad_suid" for a value outside the m2m:suid enumeration (TS-0004 §6.3.4.2.39).
model::Result<std::string> encodeSuid(int suid);

// Km = HMAC-SHA-256(Ke, kMasterCredentialLabel || MAF-ID)  (TS-0003 §10.3.2).
model::Result<std::string> deriveMasterCredential(std::string_view ke, std::string_view maf_id);
// Kpsa = HMAC-SHA-256(Ke, kProvisionedKeyLabel || Enrolee-B-ID)  (TS-0003 §10.3.3).
model::Result<std::string> deriveProvisionedKey(std::string_view ke,
                                                std::string_view enrolee_b_id);
// HMAC-SHA-256(Ke, kUsageConstrainedLabel || SUID || Enrolment-Target-ID)  (TS-0003 §10.3.7).
// `target_id` is the FQDN form of the target's ID, as supplied (README.md).
model::Result<std::string> deriveUsageConstrainedKey(std::string_view ke, int suid,
                                                     std::string_view target_id);
// The errors of the three: those of encodeIdentifier/encodeSuid, and 4000
// "enrolment.bad_key" unless `ke` is 32 bytes.

// pairwiseESPrimKey = HMAC-SHA-256(Kc, kMafEsprimLabel) for a MAF-distributed ESPrim key (SUID
// 33; TS-0003 §8.4.2 C.6a.4). 4000 "enrolment.bad_key" unless `kc` is 32 bytes.
model::Result<std::string> deriveMafEsprimKey(std::string_view kc);

// TS-0003 §10.3.6: Ke2e_master = HMAC-SHA-256(Salt, Kpsa), then the four RFC 5869-style
// expansion steps. An empty `salt` means 32 zero bytes (RFC 5869 §2.2's default); README.md.
struct EndToEndKeys {
  std::string master;                // Ke2e_master
  std::string message_authentication;     // T(1) Ke2e_msg_auth
  std::string message_confidentiality;    // T(2) Ke2e_msg_conf
  std::string attribute_authenticity;     // T(3) Ke2e_att_auth
  std::string attribute_confidentiality;  // T(4) Ke2e_att_conf
};
// 4000 "enrolment.bad_key" unless `kpsa` is 32 bytes.
model::Result<EndToEndKeys> deriveEndToEndKeys(std::string_view kpsa, std::string_view salt);

// HMAC-SHA-256(key, kKeyConfirmationLabel || key_id): a value that proves possession of `key`
// without revealing it; the MEF returns it and the Enrolee compares (README.md). 32 bytes.
std::string keyConfirmation(std::string_view key, std::string_view key_id);

// Lower-case hex of `bytes`.
std::string toHex(std::string_view bytes);
// The bytes of lower- or upper-case hex; nullopt-like failure as 4000 "enrolment.bad_hex".
model::Result<std::string> fromHex(std::string_view hex);

}  // namespace citadel::security::enrolment
