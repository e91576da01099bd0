#pragma once
// The MEF Client's side of EST certificate provisioning (TS-0003 §8.3.6.2, RFC 7030) over the
// PPSK-based bootstrap session (certificate-less TLS mutual authentication, RFC 7030 §3.3.3):
// fetch the MEF CA's certificates, make a key pair and a CSR inside the session (its
// challengePassword is the session's channel binding, est_messages.h; its only subjectAltName
// the Enrolee's Absolute AE-ID or CSE-ID), and enrol or re-enrol. Each call is one bootstrap
// session, bounded by options.io_timeout.

#include <string>
#include <vector>

#include "cse/model/status.h"
#include "security/mef_client/mef_client.h"

namespace citadel::security::mef {

struct EstEnrolment {
  std::string private_key_pem;  // a secret: written 0600, never logged
  std::string certificate_pem;
  std::string not_after;        // as OpenSSL prints it
};

// GET /.well-known/est/cacerts: the CA certificates as PEM. 5000 "mef.bad_answer" for an
// answer that is not a base64 certs-only PKCS#7; the errors of requestInSession().
model::Result<std::vector<std::string>> fetchCaCertificates(const MefClientOptions& options);

// Makes an EC P-256 key (or uses `existing_key_pem` when not empty: re-enrolment with the same
// key) and enrols a certificate for `identity_uri` with /simpleenroll (or /simplereenroll when
// `reenrol`). The answer is checked: one certificate, for this key, naming `identity_uri`.
// 4000 "est.bad_key" for an unreadable existing key; "mef.refused" with the MEF's reason when it
// refuses the CSR (another identity: 403).
// `dns_name`, when not empty, is asked for too: a CSE's public domain name (TS-0003
// §10.1.1.7), which the MEF grants only with a CSE-ID.
model::Result<EstEnrolment> enrolCertificate(const MefClientOptions& options,
                                             const std::string& identity_uri,
                                             const std::string& existing_key_pem = "",
                                             bool reenrol = false,
                                             const std::string& dns_name = "");

// Server-side key generation (TS-0003 §8.3.6.2.1: "The MEF Client and MEF shall use server-side
// key generation", RFC 7030 §4.4): /serverkeygen with a CSR for `identity_uri` (signed with a
// throwaway key the MEF ignores); the MEF makes the key pair and answers the private key
// (PKCS#8, inside this TLS session only) with the certificate. The same checks as
// enrolCertificate (one certificate, for the key received, naming exactly the identity).
model::Result<EstEnrolment> enrolWithServerKey(const MefClientOptions& options,
                                               const std::string& identity_uri,
                                               const std::string& dns_name = "");

}  // namespace citadel::security::mef
