#pragma once
// The MEF's listener: TCP on one address, the TLS-PSK handshake (tls_psk.h), the Enrolment Key
// export (TS-0003 §10.3.1), then one HTTP/1.1 request and its answer (MefService), then close.
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
#include "tools/mef/mef_service.h"
#include "security/mef_client/tls_certificates.h"
#include "security/mef_client/tls_psk.h"

namespace citadel::tools::mef {

// The Enrolment Exchange's messages, framing and TLS-PSK profile are the library's, shared with
// every Enrolee and Enrolment Target (security/mef_client/).
using namespace security::mef;

struct TlsPskServerOptions {
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
  // Binds and starts accepting. `lookup` and `service` must outlive the server. 5000
  // "mef.listen" naming the address when it cannot be bound; the errors of
  // makePskServerContext.
  static model::Result<std::unique_ptr<TlsPskServer>> start(const TlsPskServerOptions& options,
                                                            const PskLookup& lookup,
                                                            MefService& service);
  ~TlsPskServer();  // stop()

  uint16_t port() const { return port_; }
  // Stops accepting and waits for the connections in progress (bounded by io_timeout each).
  void stop();

 private:
  TlsPskServer(SslContext context, int listener, uint16_t port, const TlsPskServerOptions& options,
               MefService& service);
  void acceptLoop();
  void serve(int fd, std::string peer);

  SslContext context_;
  int listener_;
  int wake_[2] = {-1, -1};  // a pipe: stop() writes, acceptLoop() polls
  uint16_t port_;
  TlsPskServerOptions options_;
  MefService& service_;
  std::thread acceptor_;
  std::mutex mutex_;
  std::condition_variable idle_;
  size_t active_ = 0;  // guarded by mutex_
  std::atomic<bool> stopped_{false};
};

}  // namespace citadel::tools::mef
