#pragma once
// ESData (TS-0003 §8.5): a value protected end to end between a Source and Target End-Points —
// typically the `con` of a <contentInstance>, with cnf "<media type>:<encoding>:1" (TS-0004
// Table 6.3.4.2.38-1: JWE and/or JWS compact serialization) — so that the CSEs it passes only
// store and forward it. Compact serializations only (contentSecurity 1):
//
//   encryption-only (§8.5.2.2, JWE): a provisioned symmetric ESData key (SUID 14) used directly
//     ("alg":"dir") or wrapping a random content key ("A128KW"/"A256KW", the Encrypted Key Mode
//     §8.5.2.2.1 asks for whenever a key may serve more than one payload); "enc" A128GCM or
//     A256GCM; the key named by "kid".
//   signature-only (§8.5.2.3, JWS): HS256 with a provisioned symmetric key (SUID 15, "kid"), or
//     ES256 with the Source End-Point's AE-ID/CSE-ID certificate (SUID 45), sent in "x5c" and
//     verified by the Target against its trust anchors; the signer is the certificate's
//     subjectAltName URI.
//   nested sign-then-encrypt (§8.5.2.4): the JWS is the JWE's plaintext, "cty":"JOSE"
//     (RFC 7515 §4.1.10).
//
// Opening is strict: the algorithm comes from the key the Target holds for "kid" (dir/KW and
// HS256) or is ES256 with a verified x5c; "none", "crit", unknown algorithms, a key of the
// wrong size, a changed header, ciphertext or signature are refused. No message shows a key or
// the payload. Thread-safe (no state).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/status.h"

namespace citadel::security::esdata {

// A symmetric ESData key (pre-provisioned, TS-0003 §8.5.2.2.2): its ID and raw bytes.
struct SymmetricKey {
  std::string kid;
  std::string key;
};

struct EncryptOptions {
  SymmetricKey key;             // 16 or 32 bytes
  std::string alg = "A256KW";   // "dir", "A128KW" or "A256KW" (key size must match)
  std::string enc = "A256GCM";  // "A128GCM" or "A256GCM" (with dir: the key's size)
};

// Who signs: a symmetric key (HS256, at least 32 bytes), or a certificate's private key (ES256,
// P-256) with the certificate chain (PEM files) that goes into "x5c".
struct SignOptions {
  std::optional<SymmetricKey> hmac;
  std::string certificate_file;  // PEM chain, leaf first
  std::string private_key_file;  // PEM
};

// What opening needs: the symmetric keys the Target holds (by kid) and the anchors an x5c
// chain must end at.
struct OpenOptions {
  std::vector<SymmetricKey> keys;
  std::string ca_file;  // "": ES256 signatures are refused
  bool require_signature = false;
};

struct OpenedValue {
  std::string payload;
  std::string encrypted_with;  // the JWE kid, "" when not encrypted
  std::string signed_by;       // HS256: "kid:<kid>"; ES256: the certificate's URI; "" unsigned
};

inline constexpr size_t kMaxEnvelopeBytes = 1 << 20;

// JWE compact of `payload`. 4000 "esdata.bad_option" for an alg/enc/key size combination
// outside the list above; 5000 when OpenSSL fails.
model::Result<std::string> encryptValue(std::string_view payload, const EncryptOptions& options,
                                        bool nested_jws = false);
// JWS compact of `payload`. 4000 "esdata.bad_key" when the key or certificate cannot be used.
model::Result<std::string> signValue(std::string_view payload, const SignOptions& options);
// Sign, then encrypt the JWS (cty "JOSE").
model::Result<std::string> signThenEncrypt(std::string_view payload, const SignOptions& sign,
                                           const EncryptOptions& encrypt);

// Verifies and decrypts an envelope (JWE, JWS, or a JWE holding a JWS). 4000
// "esdata.malformed" (not compact JOSE, oversized, a header that is not one flat JSON object);
// 4103 "esdata.unsupported" (alg/enc/crit/none), "esdata.unknown_key" (no key for kid),
// "esdata.bad_mac" (the tag or the key unwrap fails), "esdata.bad_signature",
// "esdata.untrusted_certificate", "esdata.unsigned" (require_signature and none).
model::Result<OpenedValue> openValue(std::string_view envelope, const OpenOptions& options);

}  // namespace citadel::security::esdata
