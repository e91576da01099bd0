#pragma once
// The MEF as an EST server and its CA (TS-0003 §8.3.6.2, RFC 7030): the CA certificates
// (/cacerts), the CSR attributes it requires (/csrattrs) and Simple Enrolment (/simpleenroll):
// a CSR is signed when, and only when,
//   - it is one well-formed PKCS#10 whose signature verifies with its own key (proof of
//     possession), the key EC on secp256r1 (TS-0003 §10.1.1.1);
//   - its challengePassword is this session's channel binding (est_messages.h): the CSR was
//     made inside the authenticated MEF session, not replayed from another (RFC 7030 §3.5);
//   - its subjectAltName extension request holds a URI equal to the identity the session's
//     bootstrap credential entitles (the Absolute AE-ID or CSE-ID) and, for a CSE-ID, exactly
//     one DNS name, the CSE's public domain name (TS-0003 §10.1.1.7, TS-0001 §6.5.1.1:
//     "<CSE-ID>." … "<SP domain>"), and nothing else is asked for.
// The certificate then has those names as its subjectAltName, CN = the identity when it fits,
// a random 128-bit serial, CA:FALSE, key usage digitalSignature and keyAgreement, extended key
// usage clientAuth and serverAuth, signed with ECDSA P-256/SHA-256 (§10.1.1.3), the subject and
// authority key identifiers, and `lifetime` from `now`. Every issued certificate is recorded
// (IssuedKeys::recordCertificate) before it is answered. Thread-safe after construction.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/status.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace citadel::tools::mef {

struct IssuedCertificate {
  std::string serial_hex;
  std::string der;
  int64_t not_after = 0;  // seconds since the epoch
};

// Server-side key generation (RFC 7030 §4.4): the certificate and its new key pair's private
// key as a DER PKCS#8 PrivateKeyInfo (a secret: wiped with the object).
struct ServerKeyEnrolment {
  IssuedCertificate certificate;
  std::string private_key_pkcs8;
  ServerKeyEnrolment() = default;
  ServerKeyEnrolment(ServerKeyEnrolment&&) = default;
  ServerKeyEnrolment& operator=(ServerKeyEnrolment&&) = default;
  ~ServerKeyEnrolment();
};

class EstAuthority {
 public:
  // The CA from PEM files (the key file must be owner-only, as the PSK files are; the key EC
  // P-256). 4000
  // "est.ca" naming the file on any problem; never prints key material.
  static model::Result<std::unique_ptr<EstAuthority>> load(const std::string& certificate_file,
                                                           const std::string& key_file,
                                                           std::chrono::seconds lifetime);
  ~EstAuthority();
  EstAuthority(const EstAuthority&) = delete;
  EstAuthority& operator=(const EstAuthority&) = delete;

  // The CA certificate's DER.
  const std::string& caCertificateDer() const { return ca_der_; }

  // Signs `csr_der` for `entitled_uri` (see above). 4000 "est.bad_csr" for a malformed CSR, a
  // signature that does not verify or a weak key; 4000 "est.bad_challenge" for a missing or
  // wrong challengePassword; 403-class "est.not_entitled" (Rsc 4103) for a subjectAltName other
  // than exactly `entitled_uri`; 5000 "est.sign" on an OpenSSL failure.
  // With `server_key`, the certificate is for that key instead of the CSR's, and the CSR's key
  // and signature are ignored (RFC 7030 §4.4.1: "the server MUST ignore the public key values
  // and signature in the CSR"); the challenge and name checks stay.
  model::Result<IssuedCertificate> enrol(std::string_view csr_der, const std::string& entitled_uri,
                                         const std::string& challenge_password,
                                         model::TimePoint now,
                                         evp_pkey_st* server_key = nullptr) const;
  // A CRL (RFC 5280 §5, v2) signed by the CA that lists `revoked` (serial hex, revocation time
  // in seconds since the epoch), thisUpdate `now`, nextUpdate now + `validity`, a CRL number
  // (now's seconds: increasing) and the CA's key identifier; PEM. TS-0003 §8.1.2.2: entities
  // verify certificate status with a CRL. 5000 "est.sign" on an OpenSSL failure.
  model::Result<std::string> crlPem(const std::vector<std::pair<std::string, int64_t>>& revoked,
                                    model::TimePoint now, std::chrono::seconds validity) const;

  // /serverkeygen (TS-0003 §8.3.6.2.1: "The MEF Client and MEF shall use server-side key
  // generation"): a fresh EC P-256 key pair (§10.1.1.1) made here, then enrol() for it. The
  // MEF keeps no copy of the private key. enrol()'s errors; 5000 "est.sign" when no key could
  // be made.
  model::Result<ServerKeyEnrolment> enrolWithServerKey(std::string_view csr_der,
                                                       const std::string& entitled_uri,
                                                       const std::string& challenge_password,
                                                       model::TimePoint now) const;

 private:
  struct Keys;
  EstAuthority(std::unique_ptr<Keys> keys, std::string ca_der, std::chrono::seconds lifetime);

  std::unique_ptr<Keys> keys_;
  std::string ca_der_;
  std::chrono::seconds lifetime_;
};

}  // namespace citadel::tools::mef
