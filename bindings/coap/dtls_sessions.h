#pragma once
// DTLS 1.2 for the CoAP server (CoAPS, TS-0008 §7 / TS-0003 §10.2): one OpenSSL session per
// peer address over the server's own UDP socket. Datagrams go in and out through a BIO of our
// own (one BIO read = one datagram, one BIO write = one datagram), so record boundaries hold
// without a socket per peer. A HelloVerifyRequest cookie (RFC 6347 §4.2.1) makes a spoofed
// source address useless for amplification; the number of sessions is bounded and handshakes
// that stall are dropped, so a handshake flood cannot exhaust memory.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "bindings/coap/coap_socket.h"
#include "bindings/tls/server_credentials.h"
#include "cse/model/status.h"

namespace citadel::coap {

// The listener's credentials (shared with HTTPS) and the DTLS session table's bound.
struct DtlsServerOptions : tls::ServerCredentials {
  size_t max_sessions = 1024;
};

class DtlsSessions {
 public:
  using RawSend = std::function<void(const SocketAddress&, std::string_view)>;
  // Called with each application datagram a session decrypted and the identity that session
  // proved (PSK originator or certificate subjectAltName URI; "" when the client is anonymous).
  using Deliver = std::function<void(std::string_view plaintext, const std::string& identity)>;

  // 5000 naming the file when the certificate, key or CA cannot be loaded.
  static model::Result<std::unique_ptr<DtlsSessions>> create(const DtlsServerOptions& options,
                                                             RawSend raw_send);
  ~DtlsSessions();
  DtlsSessions(const DtlsSessions&) = delete;
  DtlsSessions& operator=(const DtlsSessions&) = delete;

  // The I/O thread: one datagram from `peer` (handshake or records).
  void receive(const SocketAddress& peer, std::string_view datagram, const Deliver& deliver);
  // Any thread: encrypts `plaintext` into the session with `peer`. False when there is none
  // (it was closed or evicted): the response is dropped and the client will retransmit.
  bool send(const SocketAddress& peer, std::string_view plaintext);
  // The I/O thread, about once a second: handshake retransmissions, stalled and idle sessions.
  void tick();
  size_t sessionCount() const;

 private:
  struct Impl;
  explicit DtlsSessions(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace citadel::coap
