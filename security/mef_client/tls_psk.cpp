#include "security/mef_client/tls_psk.h"

#include <openssl/crypto.h>

#include <cstring>
#include <memory>

namespace citadel::security::mef {
namespace {

// TS-0003 §10.2.2 lists the TLS 1.2 PSK suites; these are the ones OpenSSL 3 offers. TLS 1.3's
// external PSK needs a SHA-256 suite for the RFC 4279-style callbacks.
constexpr const char* kTls12Ciphers = "PSK-AES128-GCM-SHA256:PSK-AES128-CCM8:PSK-AES128-CBC-SHA256";
constexpr const char* kTls13Suites = "TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256";

model::Status setupFailure(const char* what) {
  return model::Status::internal(std::string("TLS set-up failed: ") + what, "mef.tls_setup");
}

model::Result<SslContext> makeContext(const SSL_METHOD* method, int max_version) {
  SslContext context(SSL_CTX_new(method));
  if (!context) return setupFailure("SSL_CTX_new");
  if (SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(context.get(), max_version) != 1 ||
      SSL_CTX_set_cipher_list(context.get(), kTls12Ciphers) != 1 ||
      SSL_CTX_set_ciphersuites(context.get(), kTls13Suites) != 1) {
    return setupFailure("protocol versions or cipher suites");
  }
  // No session tickets or resumption: every bootstrap is a full handshake with fresh secrets.
  SSL_CTX_set_options(context.get(), SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(context.get(), SSL_SESS_CACHE_OFF);
  SSL_CTX_set_num_tickets(context.get(), 0);
  return context;
}

unsigned int serverPsk(SSL* ssl, const char* identity, unsigned char* psk,
                       unsigned int max_psk_len) {
  auto* lookup = static_cast<const PskLookup*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
  if (lookup == nullptr || identity == nullptr) return 0;
  std::optional<std::string> key = (*lookup)(identity);
  if (!key || key->size() > max_psk_len) return 0;
  // SSL_get_psk_identity() is not set for a TLS 1.3 external PSK: remember it ourselves.
  if (auto* accepted = static_cast<std::string*>(SSL_get_app_data(ssl))) *accepted = identity;
  std::memcpy(psk, key->data(), key->size());
  auto length = static_cast<unsigned int>(key->size());
  OPENSSL_cleanse(key->data(), key->size());
  return length;
}

void freeClientPsk(void*, void* pointer, CRYPTO_EX_DATA*, int, long, void*) {
  auto* psk = static_cast<BootstrapPsk*>(pointer);
  if (psk == nullptr) return;
  OPENSSL_cleanse(psk->key.data(), psk->key.size());
  delete psk;
}

// The client's credential lives in the context's ex_data at this index, freed with the context.
int clientPskIndex() {
  static const int index = CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL_CTX, 0, nullptr, nullptr,
                                                   nullptr, freeClientPsk);
  return index;
}

unsigned int clientPsk(SSL* ssl, const char*, char* identity, unsigned int max_identity_len,
                       unsigned char* psk, unsigned int max_psk_len) {
  auto* own = static_cast<const BootstrapPsk*>(
      SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), clientPskIndex()));
  if (own == nullptr || own->identity.size() + 1 > max_identity_len ||
      own->key.size() > max_psk_len) {
    return 0;
  }
  std::memcpy(identity, own->identity.c_str(), own->identity.size() + 1);
  std::memcpy(psk, own->key.data(), own->key.size());
  return static_cast<unsigned int>(own->key.size());
}

}  // namespace

model::Result<SslContext> makePskServerContext(const PskLookup& lookup) {
  CITADEL_ASSIGN_OR_RETURN(SslContext context, makeContext(TLS_server_method(), TLS1_3_VERSION));
  SSL_CTX_set_app_data(context.get(), const_cast<PskLookup*>(&lookup));
  SSL_CTX_set_psk_server_callback(context.get(), serverPsk);
  return context;
}

model::Result<SslContext> makePskClientContext(const BootstrapPsk& psk, int max_version) {
  int index = clientPskIndex();
  if (index < 0) return setupFailure("ex_data index");
  CITADEL_ASSIGN_OR_RETURN(SslContext context,
                           makeContext(TLS_client_method(), max_version ? max_version
                                                                        : TLS1_3_VERSION));
  auto own = std::make_unique<BootstrapPsk>(psk);
  if (SSL_CTX_set_ex_data(context.get(), index, own.get()) != 1) return setupFailure("ex_data");
  own.release();  // freeClientPsk deletes it with the context
  SSL_CTX_set_psk_client_callback(context.get(), clientPsk);
  return context;
}

void watchAcceptedIdentity(SSL* ssl, std::string* identity) { SSL_set_app_data(ssl, identity); }

long sslRead(SSL* ssl, char* buffer, size_t capacity) {
  size_t got = 0;
  int ok = SSL_read_ex(ssl, buffer, capacity, &got);
  if (ok == 1) return static_cast<long>(got);
  return SSL_get_error(ssl, ok) == SSL_ERROR_ZERO_RETURN ? 0 : -1;
}

bool sslWriteAll(SSL* ssl, std::string_view bytes) {
  while (!bytes.empty()) {
    size_t written = 0;
    if (SSL_write_ex(ssl, bytes.data(), bytes.size(), &written) != 1) return false;
    bytes.remove_prefix(written);
  }
  return true;
}

}  // namespace citadel::security::mef
