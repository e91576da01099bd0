#include "security/mef_client/est_client.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "security/mef_client/est_messages.h"
#include "security/mef_client/openssl_handles.h"
#include "security/token/base64url.h"

namespace citadel::security::mef {
namespace {

model::Status badAnswer(const std::string& what) {
  return model::Status::internal("the MEF's EST answer " + what, "mef.bad_answer");
}

std::string bioText(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<size_t>(length)) : "";
}

// The DER of a CSR for `key` naming `identity_uri` (the only subjectAltName) with
// `challenge` as its challengePassword, signed with SHA-256.
model::Result<std::string> makeCsr(EVP_PKEY* key, const std::string& identity_uri,
                                   const std::string& dns_name, const std::string& challenge) {
  auto failed = [] { return model::Status::internal("could not make the CSR", "est.csr"); };
  X509RequestPtr request(X509_REQ_new());
  GeneralNamesPtr names(GENERAL_NAMES_new());
  if (!request || !names || !pushGeneralName(names.get(), GEN_URI, identity_uri) ||
      (!dns_name.empty() && !pushGeneralName(names.get(), GEN_DNS, dns_name))) {
    return failed();
  }
  STACK_OF(X509_EXTENSION)* extensions = sk_X509_EXTENSION_new_null();
  X509_EXTENSION* san = X509V3_EXT_i2d(NID_subject_alt_name, 0, names.get());
  bool ok = extensions != nullptr && san != nullptr &&
            sk_X509_EXTENSION_push(extensions, san) > 0;
  if (!ok) X509_EXTENSION_free(san);
  ok = ok && X509_REQ_set_version(request.get(), X509_REQ_VERSION_1) == 1 &&
       X509_REQ_set_pubkey(request.get(), key) == 1 &&
       X509_REQ_add_extensions(request.get(), extensions) == 1 &&
       X509_REQ_add1_attr_by_NID(request.get(), NID_pkcs9_challengePassword, MBSTRING_ASC,
                                 reinterpret_cast<const unsigned char*>(challenge.data()),
                                 static_cast<int>(challenge.size())) == 1 &&
       X509_REQ_sign(request.get(), key, EVP_sha256()) > 0;
  sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
  if (!ok) return failed();
  int length = i2d_X509_REQ(request.get(), nullptr);
  if (length <= 0) return failed();
  std::string der(static_cast<size_t>(length), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_X509_REQ(request.get(), &p);
  return der;
}

// The certificates of a base64 certs-only PKCS#7 answer, as DER.
model::Result<std::vector<std::string>> certificatesOf(const HttpMessage& answer) {
  std::optional<std::string> der = decodeBase64(answer.body);
  if (!der) return badAnswer("is not base64");
  auto certificates = certificatesOfPkcs7(*der);
  if (!certificates.isOk()) return badAnswer("is not a certs-only PKCS#7");
  return certificates;
}

// True when the certificate's subjectAltName is the URI `uri` and, when `dns` is not empty, the
// DNS name `dns`, in that order, and nothing else.
bool namesOnly(X509* certificate, const std::string& uri, const std::string& dns) {
  GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
  int expected = dns.empty() ? 1 : 2;
  if (!names || sk_GENERAL_NAME_num(names.get()) != expected) return false;
  for (int i = 0; i < expected; ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    int type = i == 0 ? GEN_URI : GEN_DNS;
    if (name->type != type) return false;
    const ASN1_IA5STRING* text =
        type == GEN_URI ? name->d.uniformResourceIdentifier : name->d.dNSName;
    std::string_view value(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                           static_cast<size_t>(ASN1_STRING_length(text)));
    if (value != (i == 0 ? uri : dns)) return false;
  }
  return true;
}

// The one certificate of the answer, checked (for `key`, naming exactly `identity_uri` and
// `dns_name`), and `key` as PEM: the enrolment's result.
model::Result<EstEnrolment> finishEnrolment(const std::vector<std::string>& certificates,
                                            EVP_PKEY* key, const std::string& identity_uri,
                                            const std::string& dns_name) {
  if (certificates.size() != 1) return badAnswer("must hold exactly one certificate");
  const auto* p = reinterpret_cast<const unsigned char*>(certificates[0].data());
  X509Ptr certificate(d2i_X509(nullptr, &p, static_cast<long>(certificates[0].size())));
  if (!certificate || X509_check_private_key(certificate.get(), key) != 1) {
    return badAnswer("is not a certificate for our key");
  }
  if (!namesOnly(certificate.get(), identity_uri, dns_name)) {
    return badAnswer("names another identity than " + identity_uri);
  }
  EstEnrolment enrolment;
  enrolment.certificate_pem = certificatePem(certificates[0]);
  BioPtr key_bio(BIO_new(BIO_s_mem()));
  BioPtr time_bio(BIO_new(BIO_s_mem()));
  if (!key_bio || !time_bio ||
      PEM_write_bio_PrivateKey(key_bio.get(), key, nullptr, nullptr, 0, nullptr,
                               nullptr) != 1 ||
      ASN1_TIME_print(time_bio.get(), X509_get0_notAfter(certificate.get())) != 1) {
    return model::Status::internal("could not write the key", "est.csr");
  }
  enrolment.private_key_pem = bioText(key_bio.get());
  enrolment.not_after = bioText(time_bio.get());
  return enrolment;
}


}  // namespace

model::Result<std::vector<std::string>> fetchCaCertificates(const MefClientOptions& options) {
  CITADEL_ASSIGN_OR_RETURN(
      SessionAnswer done,
      requestInSession(options, "GET", "/.well-known/est/cacerts", "application/json",
                       [](SSL*) -> model::Result<std::string> { return std::string(); }));
  CITADEL_ASSIGN_OR_RETURN(std::vector<std::string> certificates, certificatesOf(done.answer));
  std::vector<std::string> pems;
  for (const std::string& der : certificates) pems.push_back(certificatePem(der));
  return pems;
}

model::Result<EstEnrolment> enrolCertificate(const MefClientOptions& options,
                                             const std::string& identity_uri,
                                             const std::string& existing_key_pem, bool reenrol,
                                             const std::string& dns_name) {
  EvpKeyPtr key;
  if (existing_key_pem.empty()) {
    key.reset(EVP_EC_gen("P-256"));
  } else {
    BioPtr bio(BIO_new_mem_buf(existing_key_pem.data(), static_cast<int>(existing_key_pem.size())));
    if (bio) key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) return model::Status::badRequest("the existing key is not a PEM private key",
                                               "est.bad_key");
  }
  if (!key) return model::Status::internal("could not make a key pair", "est.csr");
  CITADEL_ASSIGN_OR_RETURN(
      SessionAnswer done,
      requestInSession(options, "POST",
                       reenrol ? "/.well-known/est/simplereenroll"
                               : "/.well-known/est/simpleenroll",
                       "application/pkcs10", [&](SSL* ssl) -> model::Result<std::string> {
                         CITADEL_ASSIGN_OR_RETURN(std::string challenge,
                                                  sessionChallengePassword(ssl));
                         CITADEL_ASSIGN_OR_RETURN(
                             std::string csr,
                             makeCsr(key.get(), identity_uri, dns_name, challenge));
                         return token::encodeBase64(csr);
                       }));
  CITADEL_ASSIGN_OR_RETURN(std::vector<std::string> certificates, certificatesOf(done.answer));
  return finishEnrolment(certificates, key.get(), identity_uri, dns_name);
}

model::Result<EstEnrolment> enrolWithServerKey(const MefClientOptions& options,
                                               const std::string& identity_uri,
                                               const std::string& dns_name) {
  // RFC 7030 §4.4.1: the CSR's key and signature are ignored; a throwaway key signs it.
  EvpKeyPtr throwaway(EVP_EC_gen("P-256"));
  if (!throwaway) return model::Status::internal("could not make a key pair", "est.csr");
  CITADEL_ASSIGN_OR_RETURN(
      SessionAnswer done,
      requestInSession(options, "POST", "/.well-known/est/serverkeygen", "application/pkcs10",
                       [&](SSL* ssl) -> model::Result<std::string> {
                         CITADEL_ASSIGN_OR_RETURN(std::string challenge,
                                                  sessionChallengePassword(ssl));
                         CITADEL_ASSIGN_OR_RETURN(
                             std::string csr,
                             makeCsr(throwaway.get(), identity_uri, dns_name, challenge));
                         return token::encodeBase64(csr);
                       }));
  auto type = done.answer.headers.find("content-type");
  auto parts = serverKeyGenParts(type == done.answer.headers.end() ? "" : type->second,
                                 done.answer.body);
  OPENSSL_cleanse(done.answer.body.data(), done.answer.body.size());
  if (!parts.isOk()) return badAnswer(parts.status().dbg());
  const auto* p = reinterpret_cast<const unsigned char*>(parts.value().private_key_pkcs8.data());
  EvpKeyPtr key(d2i_AutoPrivateKey(nullptr, &p,
                                   static_cast<long>(parts.value().private_key_pkcs8.size())));
  if (!key) return badAnswer("holds no PKCS#8 private key");
  auto certificates = certificatesOfPkcs7(parts.value().pkcs7);
  if (!certificates.isOk()) return badAnswer("is not a certs-only PKCS#7");
  return finishEnrolment(certificates.value(), key.get(), identity_uri, dns_name);
}

}  // namespace citadel::security::mef
