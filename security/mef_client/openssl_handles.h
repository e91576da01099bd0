#pragma once
// Owning handles for the OpenSSL objects of certificate enrolment (EST: keys, requests,
// certificates, PKCS#7), freed with their own *_free function, and the DER of a certificate.
// Shared by the EST client (est_client.cpp), its messages (est_messages.cpp) and the MEF's CA
// (tools/mef/est_authority.cpp).

#include <memory>
#include <string>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace citadel::security::mef {

template <auto Free>
struct OpensslFree {
  template <class T>
  void operator()(T* p) const {
    Free(p);
  }
};

using X509Ptr = std::unique_ptr<X509, OpensslFree<X509_free>>;
using X509RequestPtr = std::unique_ptr<X509_REQ, OpensslFree<X509_REQ_free>>;
using EvpKeyPtr = std::unique_ptr<EVP_PKEY, OpensslFree<EVP_PKEY_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OpensslFree<GENERAL_NAMES_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, OpensslFree<PKCS7_free>>;
using BioPtr = std::unique_ptr<BIO, OpensslFree<BIO_free>>;

// The DER encoding of `certificate`; "" when it cannot be encoded.
inline std::string certificateDer(const X509* certificate) {
  int length = i2d_X509(certificate, nullptr);
  if (length <= 0) return "";
  std::string der(static_cast<size_t>(length), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_X509(certificate, &p);
  return der;
}

// Appends a name of `type` (GEN_URI, GEN_DNS) with `value` to `names`, built from its parts
// (never parsed from OpenSSL's "URI:a,DNS:b" configuration syntax, which an identity could
// subvert). False on an OpenSSL failure.
inline bool pushGeneralName(GENERAL_NAMES* names, int type, const std::string& value) {
  GENERAL_NAME* name = GENERAL_NAME_new();
  ASN1_IA5STRING* text = ASN1_IA5STRING_new();
  if (name == nullptr || text == nullptr ||
      ASN1_STRING_set(text, value.data(), static_cast<int>(value.size())) != 1) {
    GENERAL_NAME_free(name);
    ASN1_IA5STRING_free(text);
    return false;
  }
  GENERAL_NAME_set0_value(name, type, text);
  if (sk_GENERAL_NAME_push(names, name) <= 0) {
    GENERAL_NAME_free(name);
    return false;
  }
  return true;
}

}  // namespace citadel::security::mef
