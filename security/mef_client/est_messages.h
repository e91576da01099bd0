#pragma once
// The EST (RFC 7030) objects the MEF and its clients exchange for TS-0003 §8.3.6.2 certificate
// provisioning, shared by both ends: the TLS channel binding that links a CSR to the
// authenticated MEF session (RFC 7030 §3.5, with RFC 9266's tls-exporter), base64 bodies
// (RFC 8951: no Content-Transfer-Encoding, line breaks tolerated), the certs-only PKCS#7 of
// /cacerts and /simpleenroll answers, and the /csrattrs answer. OpenSSL objects cross this API
// as DER/PEM strings, so neither end manages another's pointers.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/types.h>

#include "cse/model/status.h"

namespace citadel::security::mef {

// RFC 9266 §2: 32 bytes from the TLS exporter with this label and no context.
inline constexpr std::string_view kChannelBindingLabel = "EXPORTER-Channel-Binding";
inline constexpr size_t kChannelBindingBytes = 32;

// The challengePassword the CSR must carry in this session: base64 of the channel binding.
// 5000 "est.channel_binding" when the export fails.
model::Result<std::string> sessionChallengePassword(SSL* ssl);

// Bodies are written with token::encodeBase64 (standard alphabet, padded, one line). Read: the
// bytes of `text`, ignoring CR, LF, spaces and tabs (RFC 8951 §3.1); nullopt for any other
// character outside the standard alphabet, a bad length or padding, or a non-canonical end.
std::optional<std::string> decodeBase64(std::string_view text);

// A certs-only CMS SignedData (RFC 7030 §4.1.3, §4.2.3) holding the given DER certificates, as
// DER. 5000 "est.encode" on an OpenSSL failure.
model::Result<std::string> certsOnlyPkcs7(const std::vector<std::string>& der_certificates);
// The DER certificates in a certs-only PKCS#7 (DER). 4000 "est.bad_pkcs7" when it is not one.
model::Result<std::vector<std::string>> certificatesOfPkcs7(std::string_view der);

// The /csrattrs answer (RFC 7030 §4.5.2) as DER: the OIDs of challengePassword and of the
// subjectAltName extension request, and ecdsa-with-SHA256 (the signature the MEF expects).
std::string csrAttributesDer();

// The two parts of a /serverkeygen answer (RFC 7030 §4.4.2): multipart/mixed with the boundary
// of `content_type`, an application/pkcs8 part and an application/pkcs7-mime part, each base64.
// `private_key_pkcs8` is a secret. 4000 "est.bad_multipart" for anything else.
struct ServerKeyGenParts {
  std::string private_key_pkcs8;  // DER
  std::string pkcs7;              // DER, certs-only
  ServerKeyGenParts() = default;
  ServerKeyGenParts(ServerKeyGenParts&&) = default;
  ServerKeyGenParts& operator=(ServerKeyGenParts&&) = default;
  ~ServerKeyGenParts();
};
model::Result<ServerKeyGenParts> serverKeyGenParts(std::string_view content_type,
                                                   std::string_view body);

// PEM text of one DER certificate ("-----BEGIN CERTIFICATE-----").
std::string certificatePem(std::string_view der);

}  // namespace citadel::security::mef
