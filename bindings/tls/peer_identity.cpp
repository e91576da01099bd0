#include "bindings/tls/peer_identity.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cstring>

namespace citadel::tls {
namespace {

// Where a context keeps its PskDirectory (one ex_data index for the process).
int directoryIndex() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// Identity strings (std::string*) that PSK handshakes leave on the SSL and, once the handshake
// is done, on its SSL_SESSION, which a resumed connection shares.
void freeIdentity(void*, void* pointer, CRYPTO_EX_DATA*, int, long, void*) {
  delete static_cast<std::string*>(pointer);
}
// OpenSSL duplicates sessions (TLS 1.3 tickets): each copy owns its own string.
int dupIdentity(CRYPTO_EX_DATA*, const CRYPTO_EX_DATA*, void** from, int, long, void*) {
  auto** slot = reinterpret_cast<std::string**>(from);
  if (*slot != nullptr) *slot = new std::string(**slot);
  return 1;
}
int sslIdentityIndex() {
  static const int index =
      SSL_get_ex_new_index(0, nullptr, nullptr, dupIdentity, freeIdentity);
  return index;
}
int sessionIdentityIndex() {
  static const int index =
      SSL_SESSION_get_ex_new_index(0, nullptr, nullptr, dupIdentity, freeIdentity);
  return index;
}

void setIdentity(SSL* ssl, const std::string& originator) {
  delete static_cast<std::string*>(SSL_get_ex_data(ssl, sslIdentityIndex()));
  SSL_set_ex_data(ssl, sslIdentityIndex(), new std::string(originator));
}

// The handshake is done: the session (kept for resumption) remembers who its key proved.
void infoCallback(const SSL* ssl, int where, int) {
  if ((where & SSL_CB_HANDSHAKE_DONE) == 0) return;
  auto* identity = static_cast<std::string*>(SSL_get_ex_data(ssl, sslIdentityIndex()));
  SSL_SESSION* session = SSL_get_session(ssl);
  if (identity == nullptr || session == nullptr) return;
  delete static_cast<std::string*>(SSL_SESSION_get_ex_data(session, sessionIdentityIndex()));
  SSL_SESSION_set_ex_data(session, sessionIdentityIndex(), new std::string(*identity));
}

const model::PskDirectory* directoryOf(SSL* ssl) {
  return static_cast<const model::PskDirectory*>(
      SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), directoryIndex()));
}

// RFC 4279 §5.1: the identity is at most 128 octets of UTF-8 in practice; OpenSSL caps it at
// PSK_MAX_IDENTITY_LEN. The callback returns 0 (handshake failure) for an unknown identity.
unsigned int serverCallback(SSL* ssl, const char* identity, unsigned char* psk,
                            unsigned int max_psk_len) {
  const model::PskDirectory* directory = directoryOf(ssl);
  if (directory == nullptr || identity == nullptr) return 0;
  auto credential = directory->find(identity);
  if (!credential || credential->key.empty() || credential->key.size() > max_psk_len) return 0;
  std::memcpy(psk, credential->key.data(), credential->key.size());
  auto length = static_cast<unsigned int>(credential->key.size());
  OPENSSL_cleanse(credential->key.data(), credential->key.size());
  setIdentity(ssl, credential->originator);
  return length;
}

}  // namespace

std::vector<std::string> subjectAltNameUris(const X509* certificate) {
  std::vector<std::string> uris;
  if (certificate == nullptr) return uris;
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return uris;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type != GEN_URI) continue;
    const ASN1_IA5STRING* uri = name->d.uniformResourceIdentifier;
    uris.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                      static_cast<size_t>(ASN1_STRING_length(uri)));
  }
  GENERAL_NAMES_free(names);
  return uris;
}

void enablePskServer(SSL_CTX* context, const model::PskDirectory* directory) {
  SSL_CTX_set_ex_data(context, directoryIndex(), const_cast<model::PskDirectory*>(directory));
  SSL_CTX_set_psk_server_callback(context, serverCallback);
  SSL_CTX_set_info_callback(context, infoCallback);
}

std::string sessionPskIdentity(SSL_SESSION* session) {
  if (session == nullptr) return "";
  auto* identity =
      static_cast<std::string*>(SSL_SESSION_get_ex_data(session, sessionIdentityIndex()));
  return identity == nullptr ? "" : *identity;
}

std::string authenticatedIdentity(SSL* ssl) {
  if (ssl == nullptr) return "";
  if (auto* identity = static_cast<std::string*>(SSL_get_ex_data(ssl, sslIdentityIndex()))) {
    return *identity;
  }
  if (std::string resumed = sessionPskIdentity(SSL_get_session(ssl)); !resumed.empty()) {
    return resumed;
  }
  if (SSL_get_verify_result(ssl) != X509_V_OK) return "";
  X509* peer = SSL_get1_peer_certificate(ssl);
  if (peer == nullptr) return "";
  std::vector<std::string> uris = subjectAltNameUris(peer);
  X509_free(peer);
  return uris.empty() ? "" : uris.front();
}

}  // namespace citadel::tls
