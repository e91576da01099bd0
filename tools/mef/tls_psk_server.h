#pragma once
// The listener of the MEF and the MAF: TCP on one address, the TLS-PSK handshake (tls_psk.h) or
// the certificate one, then one HTTP/1.1 request and its answer (a SessionHandler: MefService,
// MafService), then close.
// One thread per connection, at most `max_connections` at a time (beyond that a connection is
// closed at once); every read and write has `io_timeout`, so a stalled peer cannot hold a
// thread for long. Logs name the peer address and the PSK identity, never a key.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "cse/model/status.h"
#include "security/mef_client/http_message.h"
#include "security/mef_client/tls_certificates.h"
#include "security/mef_client/tls_psk.h"

namespace citadel::tools::mef {

// The Enrolment Exchange's messages, framing and TLS-PSK profile are the library's, shared with
// every Enrolee and Enrolment Target (security/mef_client/).
using namespace security::mef;

struct HttpReply {
  int code = 200;
  std::string reason = "OK";
  std::string body;
  std::string content_type = "application/json";
};

// The peer a handshake authenticated: by a PSK identity, or by a verified certificate naming
// exactly one URI (a certificate handshake without one is refused before any handler runs).
struct AuthenticatedPeer {
  std::string address;
  std::string psk_identity;     // "" in a certificate session
  std::string certificate_uri;  // "" in a PSK session
  std::string certificate_serial;  // upper-case hex serial of that certificate ("" in PSK)
  std::string certificate_dns;     // its one DNS subjectAltName, "" when none or several
};

// What a server does with the one request of an authenticated session. Called on the
// connection's thread; `ssl` is the finished session (the handler may export keys from it).
class SessionHandler {
 public:
  virtual ~SessionHandler() = default;
  virtual HttpReply handleSession(const HttpMessage& request, SSL* ssl,
                                  const AuthenticatedPeer& peer) = 0;
};

struct TlsPskServerOptions {
  std::string log_name = "MEF";  // names the service in log lines
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port; port() tells which
  size_t max_connections = 32;
  std::chrono::seconds io_timeout{10};
  // With certificate_file set, the certificate-based MEF Handshake too (TS-0003 §8.3.2.2):
  // an Enrolee whose verified certificate names one URI is that identity's session.
  CertificateCredential certificate;
};

class TlsPskServer {
 public:
  // Binds and starts accepting. `lookup` and `handler` must outlive the server. 5000
  // "mef.listen" naming the address when it cannot be bound; the errors of
  // makePskServerContext.
  static model::Result<std::unique_ptr<TlsPskServer>> start(const TlsPskServerOptions& options,
                                                            const PskLookup& lookup,
                                                            SessionHandler& handler);
  ~TlsPskServer();  // stop()

  uint16_t port() const { return port_; }
  // Stops accepting and waits for the connections in progress (bounded by io_timeout each).
  void stop();

 private:
  TlsPskServer(SslContext context, int listener, uint16_t port, const TlsPskServerOptions& options,
               SessionHandler& handler);
  void acceptLoop();
  void serve(int fd, std::string peer);

  SslContext context_;
  int listener_;
  int wake_[2] = {-1, -1};  // a pipe: stop() writes, acceptLoop() polls
  uint16_t port_;
  TlsPskServerOptions options_;
  SessionHandler& handler_;
  std::thread acceptor_;
  std::mutex mutex_;
  std::condition_variable idle_;
  size_t active_ = 0;  // guarded by mutex_
  std::atomic<bool> stopped_{false};
};

}  // namespace citadel::tools::mef
