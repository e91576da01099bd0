#include "tools/mef/est_authority.h"

#include <sys/stat.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <cstdio>
#include <optional>
#include <utility>

#include "cse/random/random_id.h"
#include "security/mef_client/openssl_handles.h"

namespace citadel::tools::mef {
namespace {

using security::mef::certificateDer;
using security::mef::EvpKeyPtr;
using security::mef::GeneralNamesPtr;
using security::mef::OpensslFree;
using security::mef::pushGeneralName;
using security::mef::X509Ptr;
using security::mef::X509RequestPtr;
using ExtensionsPtr =
    std::unique_ptr<STACK_OF(X509_EXTENSION), void (*)(STACK_OF(X509_EXTENSION)*)>;
using BignumPtr = std::unique_ptr<BIGNUM, OpensslFree<BN_free>>;

void freeExtensions(STACK_OF(X509_EXTENSION)* extensions) {
  sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
}

model::Status caError(const std::string& file, const std::string& what) {
  return model::Status::badRequest(file + ": " + what, "est.ca");
}

model::Status badCsr(const std::string& what) {
  return model::Status::badRequest("the CSR " + what, "est.bad_csr");
}

model::Status signFailed() {
  return model::Status::internal("the certificate could not be signed", "est.sign");
}

// One PEM object from `file`, read by `read` (PEM_read_X509 / PEM_read_PrivateKey).
template <class T, class Read>
T* readPem(const std::string& file, Read read) {
  FILE* stream = std::fopen(file.c_str(), "r");
  if (stream == nullptr) return nullptr;
  T* object = read(stream, nullptr, nullptr, nullptr);
  std::fclose(stream);
  return object;
}

// TS-0003 §10.1.1.1: every certificate's key is id-ecPublicKey on secp256r1 (NIST P-256), and
// §10.1.1.3: certificates with chains are signed with ECDSA on secp256r1 (so the CA's key too).
bool isP256(EVP_PKEY* key) {
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) return false;
  char curve[64] = {};
  size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, "group", curve, sizeof(curve), &length) != 1) {
    return false;
  }
  std::string name(curve, length);
  return name == "prime256v1" || name == "P-256";
}

// The challengePassword attribute's text, or nullopt when absent or not a string.
std::optional<std::string> challengeOf(X509_REQ* request) {
  int index = X509_REQ_get_attr_by_NID(request, NID_pkcs9_challengePassword, -1);
  if (index < 0) return std::nullopt;
  // Exactly one such attribute, with exactly one value.
  if (X509_REQ_get_attr_by_NID(request, NID_pkcs9_challengePassword, index) >= 0) {
    return std::nullopt;
  }
  X509_ATTRIBUTE* attribute = X509_REQ_get_attr(request, index);
  if (X509_ATTRIBUTE_count(attribute) != 1) return std::nullopt;
  ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attribute, 0);
  if (value == nullptr || (value->type != V_ASN1_PRINTABLESTRING &&
                           value->type != V_ASN1_UTF8STRING && value->type != V_ASN1_IA5STRING)) {
    return std::nullopt;
  }
  const ASN1_STRING* text = value->value.asn1_string;
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                     static_cast<size_t>(ASN1_STRING_length(text)));
}

// The CSE-ID in `uri` when it is an Absolute CSE-ID ("//SP-ID/CSE-ID"), with its SP-ID; nullopt
// for an AE-ID. TS-0001 §7.2: AE-IDs begin with 'C' (CSE-relative, under a CSE-ID) or 'S'
// (SP-relative), so "//SP-ID/x" with x not beginning with either is a CSE-ID.
std::optional<std::pair<std::string, std::string>> cseIdOf(const std::string& uri) {
  if (!uri.starts_with("//")) return std::nullopt;
  size_t slash = uri.find('/', 2);
  if (slash == std::string::npos || slash == 2) return std::nullopt;
  std::string sp = uri.substr(2, slash - 2);
  std::string rest = uri.substr(slash + 1);
  if (rest.empty() || rest.find('/') != std::string::npos || rest[0] == 'C' || rest[0] == 'S') {
    return std::nullopt;
  }
  return std::pair{rest, sp};
}

// TS-0001 §6.5.1.1: a CSE's public domain name is "<CSE-ID>.<SP domain>" (IN-CSE) or
// "<CSE-ID>.<IN-CSE's public domain name>" (MN, ASN): it begins with the CSE-ID's label and
// ends with the SP domain. Letters, digits, hyphens and dots only; no wildcard (§10.1.1.7).
bool isPublicDomainNameOf(const std::string& dns, const std::string& cse_id,
                          const std::string& sp_id) {
  for (char c : dns) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
  }
  return dns.size() <= 253 && dns.starts_with(cse_id + ".") && dns.ends_with("." + sp_id) &&
         dns.size() >= cse_id.size() + 1 + sp_id.size();
}

// Every extension the CSR asks for must be one subjectAltName holding the URI `entitled_uri`
// and, for a CSE-ID, also the CSE's public domain name (TS-0003 §10.1.1.7: a CSE-ID certificate
// "shall include the public domain name representation of the CSE-ID"), nothing else. The DNS
// name when there is one.
model::Result<std::optional<std::string>> checkRequestedNames(X509_REQ* request,
                                                              const std::string& entitled_uri) {
  ExtensionsPtr extensions(X509_REQ_get_extensions(request), freeExtensions);
  auto cse = cseIdOf(entitled_uri);
  auto not_entitled = [&](const std::string& why) {
    return model::Status(model::Rsc::kOriginatorHasNoPrivilege,
                         "the CSR " + why + "; this bootstrap credential is entitled to a "
                         "certificate for " + entitled_uri +
                             (cse ? " and the CSE's public domain name" : "") + " only",
                         "est.not_entitled");
  };
  if (!extensions || sk_X509_EXTENSION_num(extensions.get()) != 1) {
    return not_entitled("must request exactly one extension, the subjectAltName");
  }
  X509_EXTENSION* extension = sk_X509_EXTENSION_value(extensions.get(), 0);
  if (OBJ_obj2nid(X509_EXTENSION_get_object(extension)) != NID_subject_alt_name) {
    return not_entitled("requests an extension other than subjectAltName");
  }
  GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(X509V3_EXT_d2i(extension)));
  int expected = cse ? 2 : 1;
  if (!names || sk_GENERAL_NAME_num(names.get()) != expected) {
    return not_entitled(cse ? "must name the CSE-ID (URI) and its public domain name (DNS)"
                            : "must name exactly one subjectAltName, the AE-ID's URI");
  }
  bool has_uri = false;
  std::optional<std::string> dns;
  for (int i = 0; i < expected; ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type != GEN_URI && !(cse && name->type == GEN_DNS)) {
      return not_entitled("names something other than " +
                          std::string(cse ? "a URI and a DNS name" : "a URI"));
    }
    const ASN1_IA5STRING* text = name->type == GEN_URI ? name->d.uniformResourceIdentifier
                                                       : name->d.dNSName;
    std::string asked(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                      static_cast<size_t>(ASN1_STRING_length(text)));
    if (name->type == GEN_URI) {
      if (asked != entitled_uri || has_uri) return not_entitled("names " + asked);
      has_uri = true;
    } else {
      if (dns || !isPublicDomainNameOf(asked, cse->first, cse->second)) {
        return not_entitled("names " + asked + ", which is not " + cse->first +
                            "'s public domain name (<CSE-ID>.…" + cse->second + ")");
      }
      dns = asked;
    }
  }
  if (!has_uri) return not_entitled("does not name " + entitled_uri);
  return dns;
}

bool addExtension(X509* certificate, X509V3_CTX* context, int nid, const char* value) {
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, context, nid, value);
  if (extension == nullptr) return false;
  bool added = X509_add_ext(certificate, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

// The subjectAltName built from its parts, never from a configuration string: the URI is the
// Enrolee's identity and must not be parsed as OpenSSL's "URI:a,DNS:b" syntax.
bool addSubjectAltName(X509* certificate, const std::string& uri,
                       const std::optional<std::string>& dns, bool critical) {
  GeneralNamesPtr names(GENERAL_NAMES_new());
  if (!names || !pushGeneralName(names.get(), GEN_URI, uri) ||
      (dns && !pushGeneralName(names.get(), GEN_DNS, *dns))) {
    return false;
  }
  return X509_add1_ext_i2d(certificate, NID_subject_alt_name, names.get(), critical ? 1 : 0, 0) ==
         1;
}

}  // namespace

struct EstAuthority::Keys {
  X509Ptr certificate;
  EvpKeyPtr key;
};

EstAuthority::EstAuthority(std::unique_ptr<Keys> keys, std::string ca_der,
                           std::chrono::seconds lifetime)
    : keys_(std::move(keys)), ca_der_(std::move(ca_der)), lifetime_(lifetime) {}

EstAuthority::~EstAuthority() = default;

model::Result<std::unique_ptr<EstAuthority>> EstAuthority::load(
    const std::string& certificate_file, const std::string& key_file,
    std::chrono::seconds lifetime) {
  struct stat info {};
  if (stat(key_file.c_str(), &info) != 0) return caError(key_file, "cannot be read");
  if ((info.st_mode & 077) != 0) {
    return caError(key_file, "the CA key is readable by group or others (chmod 600)");
  }
  auto keys = std::make_unique<Keys>();
  keys->certificate.reset(readPem<X509>(certificate_file, PEM_read_X509));
  if (!keys->certificate) return caError(certificate_file, "is not a PEM certificate");
  keys->key.reset(readPem<EVP_PKEY>(key_file, PEM_read_PrivateKey));
  if (!keys->key) return caError(key_file, "is not a PEM private key");
  if (X509_check_private_key(keys->certificate.get(), keys->key.get()) != 1) {
    return caError(key_file, "is not the key of " + certificate_file);
  }
  if (!isP256(keys->key.get())) {
    return caError(key_file, "the CA key must be EC P-256 (TS-0003 §10.1.1.3: certificates are "
                             "signed with ECDSA on secp256r1)");
  }
  if (X509_check_ca(keys->certificate.get()) == 0) {
    return caError(certificate_file, "is not a CA certificate");
  }
  if (lifetime.count() <= 0) return caError(certificate_file, "the lifetime must be positive");
  std::string der = certificateDer(keys->certificate.get());
  return std::unique_ptr<EstAuthority>(new EstAuthority(std::move(keys), std::move(der), lifetime));
}

model::Result<IssuedCertificate> EstAuthority::enrol(std::string_view csr_der,
                                                     const std::string& entitled_uri,
                                                     const std::string& challenge_password,
                                                     model::TimePoint now,
                                                     EVP_PKEY* server_key) const {
  const auto* p = reinterpret_cast<const unsigned char*>(csr_der.data());
  X509RequestPtr request(d2i_X509_REQ(nullptr, &p, static_cast<long>(csr_der.size())));
  if (!request || p != reinterpret_cast<const unsigned char*>(csr_der.data()) + csr_der.size()) {
    return badCsr("is not one DER PKCS#10 request");
  }
  EVP_PKEY* public_key = server_key;
  if (public_key == nullptr) {
    public_key = X509_REQ_get0_pubkey(request.get());
    if (public_key == nullptr || X509_REQ_verify(request.get(), public_key) != 1) {
      return badCsr("signature does not verify with its own key (no proof of possession)");
    }
    if (!isP256(public_key)) {
      return badCsr("key must be EC on secp256r1 (P-256), TS-0003 §10.1.1.1");
    }
  }
  std::optional<std::string> challenge = challengeOf(request.get());
  if (!challenge || challenge->size() != challenge_password.size() ||
      CRYPTO_memcmp(challenge->data(), challenge_password.data(), challenge->size()) != 0) {
    return model::Status::badRequest(
        "the CSR's challengePassword must be this TLS session's channel binding "
        "(base64 of the 32-byte exporter 'EXPORTER-Channel-Binding', RFC 9266): make the CSR "
        "inside the session that sends it",
        "est.bad_challenge");
  }
  CITADEL_ASSIGN_OR_RETURN(std::optional<std::string> dns,
                           checkRequestedNames(request.get(), entitled_uri));

  X509Ptr certificate(X509_new());
  if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1) return signFailed();
  // A positive 128-bit serial from the CSPRNG (RFC 5280 §4.1.2.2: unique per CA).
  unsigned char serial_bytes[16];
  random::fillRandom(serial_bytes, sizeof(serial_bytes));
  serial_bytes[0] &= 0x7f;
  serial_bytes[0] |= 0x40;  // 16 bytes always, no leading zero
  BignumPtr serial(BN_bin2bn(serial_bytes, sizeof(serial_bytes), nullptr));
  if (!serial || BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())) ==
                     nullptr) {
    return signFailed();
  }
  char* serial_hex = BN_bn2hex(serial.get());
  if (serial_hex == nullptr) return signFailed();
  IssuedCertificate issued;
  issued.serial_hex = serial_hex;
  OPENSSL_free(serial_hex);
  time_t start = std::chrono::system_clock::to_time_t(now);
  issued.not_after = static_cast<int64_t>(start) + lifetime_.count();
  X509_NAME* subject = X509_NAME_new();
  bool named = subject != nullptr;
  if (named && entitled_uri.size() <= 64) {
    named = X509_NAME_add_entry_by_NID(
                subject, NID_commonName, MBSTRING_UTF8,
                reinterpret_cast<const unsigned char*>(entitled_uri.data()),
                static_cast<int>(entitled_uri.size()), -1, 0) == 1;
  }
  bool ok = named && X509_set_subject_name(certificate.get(), subject) == 1;
  X509_NAME_free(subject);
  X509V3_CTX context;
  X509V3_set_ctx(&context, keys_->certificate.get(), certificate.get(), nullptr, nullptr, 0);
  ok = ok &&
       X509_set_issuer_name(certificate.get(),
                            X509_get_subject_name(keys_->certificate.get())) == 1 &&
       X509_time_adj_ex(X509_getm_notBefore(certificate.get()), 0, -300, &start) != nullptr &&
       X509_time_adj_ex(X509_getm_notAfter(certificate.get()), 0,
                        static_cast<long>(lifetime_.count()), &start) != nullptr &&
       X509_set_pubkey(certificate.get(), public_key) == 1 &&
       addExtension(certificate.get(), &context, NID_basic_constraints, "critical,CA:FALSE") &&
       addExtension(certificate.get(), &context, NID_key_usage,
                    "critical,digitalSignature,keyAgreement") &&
       addExtension(certificate.get(), &context, NID_ext_key_usage, "clientAuth,serverAuth") &&
       addExtension(certificate.get(), &context, NID_subject_key_identifier, "hash") &&
       addExtension(certificate.get(), &context, NID_authority_key_identifier, "keyid:always") &&
       // RFC 5280 §4.2.1.6: critical when the subject is empty (an identity over 64 bytes).
       addSubjectAltName(certificate.get(), entitled_uri, dns, entitled_uri.size() > 64) &&
       X509_sign(certificate.get(), keys_->key.get(), EVP_sha256()) > 0;
  if (!ok) return signFailed();
  issued.der = certificateDer(certificate.get());
  if (issued.der.empty()) return signFailed();
  return issued;
}

ServerKeyEnrolment::~ServerKeyEnrolment() {
  OPENSSL_cleanse(private_key_pkcs8.data(), private_key_pkcs8.size());
}

model::Result<ServerKeyEnrolment> EstAuthority::enrolWithServerKey(
    std::string_view csr_der, const std::string& entitled_uri,
    const std::string& challenge_password, model::TimePoint now) const {
  EvpKeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return signFailed();
  ServerKeyEnrolment enrolment;
  CITADEL_ASSIGN_OR_RETURN(enrolment.certificate,
                           enrol(csr_der, entitled_uri, challenge_password, now, key.get()));
  PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(key.get());
  unsigned char* der = nullptr;
  int length = info != nullptr ? i2d_PKCS8_PRIV_KEY_INFO(info, &der) : -1;
  PKCS8_PRIV_KEY_INFO_free(info);
  if (length <= 0) return signFailed();
  enrolment.private_key_pkcs8.assign(reinterpret_cast<const char*>(der),
                                     static_cast<size_t>(length));
  OPENSSL_clear_free(der, static_cast<size_t>(length));
  return enrolment;
}

model::Result<std::string> EstAuthority::crlPem(
    const std::vector<std::pair<std::string, int64_t>>& revoked, model::TimePoint now,
    std::chrono::seconds validity) const {
  using CrlPtr = std::unique_ptr<X509_CRL, security::mef::OpensslFree<X509_CRL_free>>;
  using TimePtr = std::unique_ptr<ASN1_TIME, security::mef::OpensslFree<ASN1_TIME_free>>;
  using IntegerPtr = std::unique_ptr<ASN1_INTEGER, security::mef::OpensslFree<ASN1_INTEGER_free>>;
  time_t start = std::chrono::system_clock::to_time_t(now);
  CrlPtr crl(X509_CRL_new());
  TimePtr this_update(ASN1_TIME_set(nullptr, start));
  TimePtr next_update(ASN1_TIME_set(nullptr, start + validity.count()));
  IntegerPtr number(ASN1_INTEGER_new());
  if (!crl || !this_update || !next_update || !number ||
      X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(keys_->certificate.get())) != 1 ||
      X509_CRL_set1_lastUpdate(crl.get(), this_update.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next_update.get()) != 1 ||
      ASN1_INTEGER_set_int64(number.get(), static_cast<int64_t>(start)) != 1 ||
      X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0) != 1) {
    return signFailed();
  }
  for (const auto& [serial_hex, when] : revoked) {
    BIGNUM* serial = nullptr;
    if (BN_hex2bn(&serial, serial_hex.c_str()) == 0) continue;  // not a serial we wrote
    BignumPtr owned(serial);
    X509_REVOKED* entry = X509_REVOKED_new();
    IntegerPtr number_of(BN_to_ASN1_INTEGER(serial, nullptr));
    TimePtr date(ASN1_TIME_set(nullptr, static_cast<time_t>(when)));
    if (entry == nullptr || !number_of || !date ||
        X509_REVOKED_set_serialNumber(entry, number_of.get()) != 1 ||
        X509_REVOKED_set_revocationDate(entry, date.get()) != 1 ||
        X509_CRL_add0_revoked(crl.get(), entry) != 1) {
      X509_REVOKED_free(entry);
      return signFailed();
    }
  }
  X509V3_CTX context;
  X509V3_set_ctx(&context, keys_->certificate.get(), nullptr, nullptr, crl.get(), 0);
  X509_EXTENSION* key_id =
      X509V3_EXT_conf_nid(nullptr, &context, NID_authority_key_identifier, "keyid:always");
  bool ok = key_id != nullptr && X509_CRL_add_ext(crl.get(), key_id, -1) == 1;
  X509_EXTENSION_free(key_id);
  if (!ok || X509_CRL_sort(crl.get()) != 1 ||
      X509_CRL_sign(crl.get(), keys_->key.get(), EVP_sha256()) <= 0) {
    return signFailed();
  }
  security::mef::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509_CRL(bio.get(), crl.get()) != 1) return signFailed();
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace citadel::tools::mef
