#pragma once
// The CoAP binding's server (TS-0008 on RFC 7252 UDP): one I/O thread receives datagrams,
// answers duplicates, pings and block-wise steps itself, and hands complete requests to a pool
// of workers that decode them, call the PrimitiveHandler and send the piggybacked response. A
// request with an oet still ahead holds no worker (PrimitiveHandler::handleAsync): its answer is
// sent from the engine's timer thread when due, or dropped once the server has stopped.

#include <memory>
#include <string>

#include "bindings/coap/dtls_sessions.h"
#include "cse/model/ports.h"
#include "cse/model/status.h"

namespace citadel::coap {

struct CoapServerOptions {
  std::string address = "127.0.0.1";  // IPv4 or IPv6 literal, or a host name
  uint16_t port = 5683;                // 0: the OS picks a free port; read it back with port()
  size_t max_body_bytes = 1 << 20;     // request payload, also after Block1 reassembly
  int threads = 8;                     // workers calling the PrimitiveHandler
  size_t max_queued = 1024;            // requests waiting for a worker; more get 5.03
  size_t max_options = 64;             // per request, besides Uri-Path / Uri-Query
  size_t max_query_parameters = 64;
  size_t block2_bytes = 64 << 20;       // responses kept for Block2 follow-ups, all peers
  size_t block2_peer_bytes = 16 << 20;  // the same, one peer (issue 15 #12)
  // Set: CoAPS. Every datagram travels inside a DTLS 1.2 session (TS-0008 §7: a response uses
  // the session of its request) and the identity the session proved becomes the request's
  // transport.peer_identity. Must outlive start().
  const DtlsServerOptions* dtls = nullptr;
};

class CoapServer final : public model::BindingEndpoint {
 public:
  // Binds the UDP socket and starts the threads. 5000 naming the address when it cannot be
  // resolved or bound.
  static model::Result<std::unique_ptr<CoapServer>> start(const CoapServerOptions& options,
                                                          model::PrimitiveHandler& handler);
  ~CoapServer() override;  // stop()

  CoapServer(const CoapServer&) = delete;
  CoapServer& operator=(const CoapServer&) = delete;

  uint16_t port() const;
  // "coap://address:port", or "coaps://…" with DTLS.
  std::string pointOfAccess() const override;
  // Stops receiving, waits for the requests being handled (queued ones are dropped; their
  // clients retransmit or time out) and closes the socket. Idempotent.
  void stop() override;

 private:
  struct Impl;
  explicit CoapServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace citadel::coap
