#include "security/mef_client/tls_certificates.h"

#include <openssl/x509v3.h>

#include "security/mef_client/openssl_handles.h"

namespace citadel::security::mef {
namespace {

// TS-0003 §10.2.3: TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 at least (and CCM_8 for DTLS, which
// OpenSSL offers for TLS too), beside the PSK suites a PSK client may still ask for.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-CCM8:ECDHE-ECDSA-AES128-GCM-SHA256:"
    "PSK-AES128-GCM-SHA256:PSK-AES128-CCM8:PSK-AES128-CBC-SHA256";

model::Status unusable(const std::string& file, const char* what) {
  return model::Status::badRequest(file + ": " + what, "mef.tls_certificate");
}

model::Status load(SSL_CTX* context, const CertificateCredential& credential) {
  if (SSL_CTX_use_certificate_chain_file(context, credential.certificate_file.c_str()) != 1) {
    return unusable(credential.certificate_file, "not a PEM certificate");
  }
  if (SSL_CTX_use_PrivateKey_file(context, credential.private_key_file.c_str(),
                                  SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(context) != 1) {
    return unusable(credential.private_key_file, "not the private key of the certificate");
  }
  if (SSL_CTX_load_verify_locations(context, credential.ca_file.c_str(), nullptr) != 1) {
    return unusable(credential.ca_file, "no PEM trust anchors");
  }
  if (SSL_CTX_set_cipher_list(context, kTls12Ciphers) != 1) {
    return unusable(credential.certificate_file, "no usable cipher suite");
  }
  return {};
}

int askForCertificateUnlessPsk(SSL* ssl, int*, void*) {
  const unsigned char* extension = nullptr;
  size_t length = 0;
  bool offers_psk = SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_psk, &extension, &length) == 1;
  SSL_set_verify(ssl, offers_psk ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, nullptr);
  return SSL_CLIENT_HELLO_SUCCESS;
}

}  // namespace

model::Status addServerCertificate(SSL_CTX* context, const CertificateCredential& credential) {
  CITADEL_RETURN_IF_ERROR(load(context, credential));
  // Asked for, verified when sent; a PSK handshake sends none and is judged by its key. TLS 1.3
  // forbids a CertificateRequest in a PSK handshake (RFC 8446 §4.3.2), so the request is made
  // per connection, when the ClientHello offers no PSK.
  SSL_CTX_set_client_hello_cb(context, askForCertificateUnlessPsk, nullptr);
  return {};
}

model::Result<SslContext> makeCertificateClientContext(const CertificateCredential& credential,
                                                       int max_version) {
  SslContext context(SSL_CTX_new(TLS_client_method()));
  if (!context ||
      SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(context.get(),
                                    max_version ? max_version : TLS1_3_VERSION) != 1) {
    return model::Status::internal("TLS set-up failed", "mef.tls_setup");
  }
  CITADEL_RETURN_IF_ERROR(load(context.get(), credential));
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_options(context.get(), SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(context.get(), SSL_SESS_CACHE_OFF);
  return context;
}

bool expectHost(SSL* ssl, const std::string& fqdn) {
  return SSL_set1_host(ssl, fqdn.c_str()) == 1;
}

namespace {

// The verified peer certificate's one subjectAltName of `type` (GEN_URI, GEN_DNS); "" for none,
// several or an unverified certificate.
std::string verifiedPeerName(SSL* ssl, int type) {
  X509* peer = SSL_get0_peer_certificate(ssl);
  if (peer == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return "";
  GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(peer, NID_subject_alt_name, nullptr, nullptr)));
  std::string found;
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type != type) continue;
    if (!found.empty()) return "";  // several: none
    // Both alternatives of the union are IA5Strings.
    const ASN1_IA5STRING* text =
        type == GEN_URI ? name->d.uniformResourceIdentifier : name->d.dNSName;
    found.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                 static_cast<size_t>(ASN1_STRING_length(text)));
  }
  return found;
}

}  // namespace

std::string verifiedPeerUri(SSL* ssl) { return verifiedPeerName(ssl, GEN_URI); }

std::string verifiedPeerDnsName(SSL* ssl) { return verifiedPeerName(ssl, GEN_DNS); }

}  // namespace citadel::security::mef
