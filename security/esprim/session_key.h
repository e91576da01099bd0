#pragma once
// The ESPrim key schedule as single functions, each pinned by test vectors
// (tests/unit/security/esprim_session_key_test.cpp) and described in security/esprim/README.md
// for other implementations:
//
// - deriveSessionKey: TS-0003 §10.3.8.2, esprimKeyGenAlgID 1,
//     sessionESPrimKey = HMAC-SHA-256(pairwiseESPrimKey,
//         canonicalBytes(receiver) || canonicalBytes(originator) ||
//         "oneM2M HMAC-SHA256 sessionESPrimKey derivation algorithm")
//   with the rand objects serialized as rand_object.h says (spec gap, digest §11 q1).
// - contentEncryptionKey: the key AES-GCM uses for a JWE `enc`. A256GCM takes the 32-byte
//   session key whole; for A128GCM / A192GCM the text does not say how it is shortened (digest
//   §5.3): we take its first 16 / 24 bytes (the leftmost octets of the HMAC output, as RFC 2104
//   §5 truncation and RFC 7518 §5.2.2.1's MAC_KEY split do).
// The usage-constrained key an ESPrim pairwise key (SUID 23) comes from is derived once, in
// security/enrolment (deriveUsageConstrainedKey; SUID as decimal ASCII, spec gap §11 q3).
//
// All functions are pure and thread-safe. Keys are std::string of raw bytes; nothing here logs.

#include <string>
#include <string_view>

#include "cse/model/status.h"
#include "security/esprim/rand_object.h"

namespace citadel::security::esprim {

inline constexpr std::string_view kSessionKeyLabel =
    "oneM2M HMAC-SHA256 sessionESPrimKey derivation algorithm";
inline constexpr size_t kSessionKeyBytes = 32;

// HMAC-SHA-256(key, data): 32 bytes. 5000 "esprim.hmac_failed" when OpenSSL fails.
model::Result<std::string> hmacSha256(std::string_view key, std::string_view data);

// The sessionESPrimKey (32 bytes) for esprimKeyGenAlgID `key_gen_alg`; 4111-class refusals are
// the caller's: here an algorithm other than 1 answers 4111 (ESPRIM_UNSUPPORTED_OPTION).
model::Result<std::string> deriveSessionKey(std::string_view pairwise_key,
                                            const ReceiverRandObject& receiver,
                                            const OriginatorRandObject& originator,
                                            int key_gen_alg = kKeyGenHmacSha256);

// The AES-GCM key for JWE `enc` ("A128GCM", "A192GCM", "A256GCM") cut from a 32-byte session
// key; 4111 for another `enc`, 5000 when the session key is not 32 bytes.
model::Result<std::string> contentEncryptionKey(std::string_view session_key,
                                                std::string_view enc);

// The m2m:esprimProtocolAndAlgID of a JWE `enc` (10, 11, 12), or 0 when it has none.
int protocolAlgIdOf(std::string_view enc);

}  // namespace citadel::security::esprim
