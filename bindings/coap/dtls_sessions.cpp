#include "bindings/coap/dtls_sessions.h"

#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "bindings/tls/peer_identity.h"
#include "bindings/tls/server_context.h"
#include "cse/model/log.h"

namespace citadel::coap {
namespace {

using Clock = std::chrono::steady_clock;
// A handshake has this long to finish (a client retransmits its flights within ~7 s, RFC 6347
// §4.2.4.1); an established session this long without traffic is closed.
constexpr auto kHandshakeTimeout = std::chrono::seconds(15);
constexpr auto kIdleTimeout = std::chrono::minutes(10);
// RFC 7252 §4.6: keep datagrams near 1280 bytes so that they need no IP fragmentation.
constexpr long kLinkMtu = 1280;

// TS-0003 §10.2.2 (DTLS): TLS_PSK_WITH_AES_128_CCM_8 and TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 are
// mandatory for an IN-CSE; GCM and RSA variants serve common clients.
constexpr const char* kCertificateCiphers =
    "ECDHE-ECDSA-AES128-CCM8:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES128-SHA256";
constexpr const char* kPskCiphers = "PSK-AES128-CCM8:ECDHE-PSK-AES128-CBC-SHA256:PSK-AES128-CBC-SHA256";

int64_t ticks(Clock::time_point t) { return t.time_since_epoch().count(); }

}  // namespace

// One peer's DTLS state. `mu` serialises the SSL object: the I/O thread reads, workers write.
struct DtlsSession {
  SSL* ssl = nullptr;
  SocketAddress peer;
  const DtlsSessions::RawSend* raw_send = nullptr;
  std::mutex mu;
  std::string_view incoming;  // the datagram the BIO hands OpenSSL next (guarded by mu)
  std::string identity;       // set once established (guarded by mu)
  std::atomic<bool> established{false};
  std::atomic<int64_t> created{0};
  std::atomic<int64_t> last_active{0};
  ~DtlsSession() {
    if (ssl != nullptr) SSL_free(ssl);
  }
};

namespace {

// The datagram BIO: OpenSSL sees exactly one datagram per read and writes one per call.
int bioWrite(BIO* bio, const char* data, int length) {
  auto* session = static_cast<DtlsSession*>(BIO_get_data(bio));
  (*session->raw_send)(session->peer, std::string_view(data, static_cast<size_t>(length)));
  return length;
}

int bioRead(BIO* bio, char* out, int length) {
  auto* session = static_cast<DtlsSession*>(BIO_get_data(bio));
  BIO_clear_retry_flags(bio);
  if (session->incoming.empty()) {
    BIO_set_retry_read(bio);
    return -1;
  }
  // Like recv() on a datagram socket: what does not fit the buffer is lost.
  size_t n = std::min(static_cast<size_t>(length), session->incoming.size());
  std::memcpy(out, session->incoming.data(), n);
  session->incoming = {};
  return static_cast<int>(n);
}

long bioCtrl(BIO*, int command, long, void*) {
  switch (command) {
    case BIO_CTRL_FLUSH: return 1;
    case BIO_CTRL_DGRAM_QUERY_MTU:
    case BIO_CTRL_DGRAM_GET_FALLBACK_MTU: return kLinkMtu;
    case BIO_CTRL_DGRAM_GET_MTU_OVERHEAD: return 48;  // IPv6 + UDP headers
    case BIO_CTRL_DGRAM_SET_NEXT_TIMEOUT: return 1;   // tick() drives retransmission
    default: return 0;
  }
}

int bioCreate(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

int bioDestroy(BIO*) { return 1; }

BIO_METHOD* datagramMethod() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "citadel-dtls");
    BIO_meth_set_write(m, bioWrite);
    BIO_meth_set_read(m, bioRead);
    BIO_meth_set_ctrl(m, bioCtrl);
    BIO_meth_set_create(m, bioCreate);
    BIO_meth_set_destroy(m, bioDestroy);
    return m;
  }();
  return method;
}

// RFC 6347 §4.2.1 cookies: HMAC-SHA-256 of the peer address under a per-process secret.
unsigned char g_cookie_secret[32];

bool cookieFor(SSL* ssl, unsigned char* cookie, unsigned int* length) {
  auto* session = static_cast<DtlsSession*>(SSL_get_app_data(ssl));
  if (session == nullptr) return false;
  std::string peer = session->peer.toString();
  return HMAC(EVP_sha256(), g_cookie_secret, sizeof(g_cookie_secret),
              reinterpret_cast<const unsigned char*>(peer.data()), peer.size(), cookie,
              length) != nullptr;
}

int generateCookie(SSL* ssl, unsigned char* cookie, unsigned int* length) {
  return cookieFor(ssl, cookie, length) ? 1 : 0;
}

int verifyCookie(SSL* ssl, const unsigned char* cookie, unsigned int length) {
  unsigned char expected[EVP_MAX_MD_SIZE];
  unsigned int expected_length = 0;
  if (!cookieFor(ssl, expected, &expected_length) || length != expected_length) return 0;
  return CRYPTO_memcmp(cookie, expected, length) == 0 ? 1 : 0;
}

// A ClientHello that opens a new handshake: a handshake record (22) of epoch 0 whose first
// message is client_hello (1). Only such a datagram may create or replace a session.
bool isClientHello(std::string_view datagram) {
  return datagram.size() >= 14 && static_cast<uint8_t>(datagram[0]) == 22 &&
         datagram[3] == 0 && datagram[4] == 0 && static_cast<uint8_t>(datagram[13]) == 1;
}

std::string lastSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "handshake failed";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

}  // namespace

struct DtlsSessions::Impl {
  SSL_CTX* context = nullptr;
  RawSend raw_send;
  size_t max_sessions = 1024;
  mutable std::mutex mu;
  std::unordered_map<std::string, std::shared_ptr<DtlsSession>> sessions;  // guarded by mu

  ~Impl() {
    sessions.clear();
    if (context != nullptr) SSL_CTX_free(context);
  }

  std::shared_ptr<DtlsSession> find(const std::string& key) const {
    std::lock_guard lock(mu);
    auto it = sessions.find(key);
    return it == sessions.end() ? nullptr : it->second;
  }

  void remove(const std::string& key, const DtlsSession* session) {
    std::lock_guard lock(mu);
    auto it = sessions.find(key);
    if (it != sessions.end() && it->second.get() == session) sessions.erase(it);
  }

  // A fresh server-side session for `peer`, replacing any old one. At the cap, a stalled
  // handshake goes first (the oldest), else the least recently active session.
  std::shared_ptr<DtlsSession> open(const SocketAddress& peer, const std::string& key) {
    auto session = std::make_shared<DtlsSession>();
    session->peer = peer;
    session->raw_send = &raw_send;
    int64_t now = ticks(Clock::now());
    session->created = now;
    session->last_active = now;
    session->ssl = SSL_new(context);
    if (session->ssl == nullptr) return nullptr;
    BIO* bio = BIO_new(datagramMethod());
    BIO_set_data(bio, session.get());
    SSL_set_bio(session->ssl, bio, bio);
    SSL_set_app_data(session->ssl, session.get());
    SSL_set_options(session->ssl, SSL_OP_NO_QUERY_MTU);
    DTLS_set_link_mtu(session->ssl, kLinkMtu);
    SSL_set_accept_state(session->ssl);
    std::lock_guard lock(mu);
    sessions.erase(key);
    if (sessions.size() >= max_sessions) evictOne();
    sessions.emplace(key, session);
    return session;
  }

  void evictOne() {  // mu held
    auto victim = sessions.end();
    for (auto it = sessions.begin(); it != sessions.end(); ++it) {
      const DtlsSession& s = *it->second;
      if (victim == sessions.end()) {
        victim = it;
        continue;
      }
      const DtlsSession& v = *victim->second;
      bool s_pending = !s.established.load();
      bool v_pending = !v.established.load();
      if (s_pending != v_pending ? s_pending
                                 : (s_pending ? s.created.load() < v.created.load()
                                              : s.last_active.load() < v.last_active.load())) {
        victim = it;
      }
    }
    if (victim != sessions.end()) sessions.erase(victim);
  }
};

model::Result<std::unique_ptr<DtlsSessions>> DtlsSessions::create(const DtlsServerOptions& options,
                                                                  RawSend raw_send) {
  static const bool seeded = RAND_bytes(g_cookie_secret, sizeof(g_cookie_secret)) == 1;
  auto fail = [](const std::string& what) -> model::Status {
    return model::Status::internal("CoAPS: " + what + " (" + lastSslError() + ")",
                                   "coaps.start_failed");
  };
  if (!seeded) return fail("no randomness for DTLS cookies");
  if (options.certificate.empty() && options.psk == nullptr) {
    return model::Status::internal("CoAPS needs a certificate or a PSK key store",
                                   "coaps.start_failed");
  }
  auto impl = std::make_unique<Impl>();
  impl->raw_send = std::move(raw_send);
  impl->max_sessions = std::max<size_t>(1, options.max_sessions);
  impl->context = SSL_CTX_new(DTLS_server_method());
  if (impl->context == nullptr) return fail("cannot create the DTLS context");
  SSL_CTX* context = impl->context;
  SSL_CTX_set_min_proto_version(context, DTLS1_2_VERSION);
  SSL_CTX_set_read_ahead(context, 1);
  if (std::string error =
          tls::configureServerContext(context, options, kCertificateCiphers, kPskCiphers);
      !error.empty()) {
    return model::Status::internal("CoAPS: " + error, "coaps.start_failed");
  }
  SSL_CTX_set_options(context, SSL_OP_COOKIE_EXCHANGE);
  SSL_CTX_set_cookie_generate_cb(context, generateCookie);
  SSL_CTX_set_cookie_verify_cb(context, verifyCookie);
  return std::unique_ptr<DtlsSessions>(new DtlsSessions(std::move(impl)));
}

DtlsSessions::DtlsSessions(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DtlsSessions::~DtlsSessions() = default;

void DtlsSessions::receive(const SocketAddress& peer, std::string_view datagram,
                           const Deliver& deliver) {
  std::string key = peer.toString();
  std::shared_ptr<DtlsSession> session = impl_->find(key);
  bool hello = isClientHello(datagram);
  // RFC 6347 §4.2.8: a new ClientHello on an established association starts a new one (the
  // client restarted); records for an association we do not hold are discarded (§4.1.2.7).
  if (session == nullptr || (hello && session->established.load())) {
    if (!hello) return;
    session = impl_->open(peer, key);
    if (session == nullptr) return;
  }
  static thread_local std::vector<std::string> plaintexts;
  plaintexts.clear();
  std::string identity;
  bool failed = false;
  {
    std::lock_guard lock(session->mu);
    session->incoming = datagram;
    session->last_active = ticks(Clock::now());
    if (!session->established.load()) {
      int result = SSL_do_handshake(session->ssl);
      if (result == 1) {
        session->identity = tls::authenticatedIdentity(session->ssl);
        session->established = true;
      } else {
        int error = SSL_get_error(session->ssl, result);
        if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
          LOG_DEBUG("CoAPS handshake with " << key << " failed: " << lastSslError());
          failed = true;
        }
      }
    }
    if (!failed && session->established.load()) {
      static thread_local std::string buffer(65536, '\0');
      while (true) {
        int n = SSL_read(session->ssl, buffer.data(), static_cast<int>(buffer.size()));
        if (n > 0) {
          plaintexts.emplace_back(buffer.data(), static_cast<size_t>(n));
          continue;
        }
        int error = SSL_get_error(session->ssl, n);
        if (error != SSL_ERROR_WANT_READ) {
          if (error == SSL_ERROR_ZERO_RETURN) SSL_shutdown(session->ssl);  // close_notify
          ERR_clear_error();
          failed = true;
        }
        break;
      }
    }
    session->incoming = {};
    identity = session->identity;
  }
  for (const std::string& plaintext : plaintexts) deliver(plaintext, identity);
  if (failed) impl_->remove(key, session.get());
}

bool DtlsSessions::send(const SocketAddress& peer, std::string_view plaintext) {
  std::shared_ptr<DtlsSession> session = impl_->find(peer.toString());
  if (session == nullptr || !session->established.load()) return false;
  std::lock_guard lock(session->mu);
  session->last_active = ticks(Clock::now());
  int n = SSL_write(session->ssl, plaintext.data(), static_cast<int>(plaintext.size()));
  if (n <= 0) ERR_clear_error();
  return n > 0;
}

void DtlsSessions::tick() {
  std::vector<std::pair<std::string, std::shared_ptr<DtlsSession>>> snapshot;
  {
    std::lock_guard lock(impl_->mu);
    snapshot.assign(impl_->sessions.begin(), impl_->sessions.end());
  }
  int64_t now = ticks(Clock::now());
  auto handshake_limit = std::chrono::duration_cast<Clock::duration>(kHandshakeTimeout).count();
  auto idle_limit = std::chrono::duration_cast<Clock::duration>(kIdleTimeout).count();
  for (auto& [key, session] : snapshot) {
    bool expired = false;
    {
      std::lock_guard lock(session->mu);
      if (!session->established.load()) {
        expired = now - session->created.load() > handshake_limit;
        if (!expired) DTLSv1_handle_timeout(session->ssl);  // resend our last flight
      } else if (now - session->last_active.load() > idle_limit) {
        SSL_shutdown(session->ssl);
        expired = true;
      }
      ERR_clear_error();
    }
    if (expired) impl_->remove(key, session.get());
  }
}

size_t DtlsSessions::sessionCount() const {
  std::lock_guard lock(impl_->mu);
  return impl_->sessions.size();
}

}  // namespace citadel::coap
