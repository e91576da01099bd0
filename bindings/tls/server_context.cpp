#include "bindings/tls/server_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include "bindings/tls/peer_identity.h"

namespace citadel::tls {
namespace {

std::string failure(const std::string& what) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return what;
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return what + " (" + text + ")";
}

}  // namespace

std::string configureServerContext(SSL_CTX* context, const ServerCredentials& credentials,
                                   std::string_view certificate_ciphers,
                                   std::string_view psk_ciphers) {
  std::string ciphers = credentials.certificate.empty() ? "" : std::string(certificate_ciphers);
  if (credentials.psk != nullptr) {
    ciphers += (ciphers.empty() ? "" : ":") + std::string(psk_ciphers);
  }
  if (SSL_CTX_set_cipher_list(context, ciphers.c_str()) != 1) return failure("no usable cipher");
  if (!credentials.certificate.empty()) {
    if (SSL_CTX_use_certificate_chain_file(context, credentials.certificate.c_str()) != 1) {
      return failure("cannot load the certificate " + credentials.certificate);
    }
    if (SSL_CTX_use_PrivateKey_file(context, credentials.private_key.c_str(),
                                    SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(context) != 1) {
      return failure("cannot load the private key matching " + credentials.certificate);
    }
  }
  if (!credentials.ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(context, credentials.ca_file.c_str(), nullptr) != 1) {
      return failure("cannot load the CA file " + credentials.ca_file);
    }
    SSL_CTX_set_client_CA_list(context, SSL_load_client_CA_file(credentials.ca_file.c_str()));
  }
  if (!credentials.crl_file.empty()) {
    X509_STORE* store = SSL_CTX_get_cert_store(context);
    X509_LOOKUP* lookup = X509_STORE_add_lookup(store, X509_LOOKUP_file());
    if (lookup == nullptr ||
        X509_load_crl_file(lookup, credentials.crl_file.c_str(), X509_FILETYPE_PEM) <= 0) {
      return failure("cannot load a CRL from " + credentials.crl_file);
    }
    // The leaf's status only: the CA certificates themselves are the operator's trust anchors.
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK);
  }
  int verify = SSL_VERIFY_NONE;
  if (credentials.client_auth == ClientAuth::kOptional) verify = SSL_VERIFY_PEER;
  if (credentials.client_auth == ClientAuth::kRequired) {
    verify = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
  }
  SSL_CTX_set_verify(context, verify, nullptr);
  SSL_CTX_set_verify_depth(context, 9);
  if (credentials.psk != nullptr) enablePskServer(context, credentials.psk);
  return "";
}

}  // namespace citadel::tls
