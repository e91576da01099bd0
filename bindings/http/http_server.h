#pragma once
// The HTTP binding's server (TS-0009): event-driven (Boost.Beast/Asio, confined to
// http_server.cpp). `threads` threads each run their own I/O context; a new connection is given
// to the next one round-robin and stays there. A request read in full is handled on that thread,
// then its response is written (issue 15 #11): no hand-off to another thread on the way.
//
//  * A connection holds no thread while it is idle, while it sends its headers or body, and while
//    its response is written; it holds one only while its primitive is handled. A handler that
//    waits for a remote peer (a DAS consultation, a verification request: a model::BlockingRegion)
//    hands its I/O context to a new thread meanwhile, so the other connections of that context
//    go on (at most max_handoff_threads such waits at once; past that a wait holds its context
//    and the connections on it, about 1/threads of them). An oet still ahead holds no thread
//    (PrimitiveHandler::handleAsync; its answer is written when due).
//  * Deadlines: a request (headers and body) must arrive within request_timeout of its first
//    byte; a new connection's TLS handshake, and then its first byte, each within request_timeout
//    too; a kept-alive connection may stay idle for idle_timeout between requests; a response
//    must be taken within request_timeout. Past any of them the connection is closed.
//  * At most max_connections connections are open; the next ones are closed at once.
//  * Requests on one connection are answered in order (pipelining): the next is read after the
//    previous one's response is written. So at most `threads` primitives run at once (plus one
//    per handoff), and a connection has at most one.

#include <chrono>
#include <memory>
#include <string>

#include "bindings/tls/server_credentials.h"
#include "cse/model/ports.h"
#include "cse/model/status.h"

namespace citadel::http {

// HTTPS (TS-0003 §10.2.1: TLS 1.2 or later): the server's certificate chain and key (PEM) and,
// for client certificates, the CA file they must chain to; TLS-PSK with the keys of `psk`.
struct HttpServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;             // 0: the OS picks a free port; read it back with port()
  int threads = 16;                 // threads running the I/O and the PrimitiveHandler
  size_t max_body_bytes = 1 << 20;  // a longer body: 4000 (drained up to 4x, else closed)
  size_t max_headers = 64;          // header fields; more: 4000
  size_t max_header_bytes = 64 * 1024;  // request line and header fields; more: 431, closed
  size_t max_connections = 10000;
  int max_handoff_threads = 64;     // threads serving contexts whose own thread waits for a peer
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds idle_timeout{30000};
  // POST /__ut__ is served only when set, and only to loopback peers.
  model::UpperTesterHandler* upper_tester = nullptr;
  // Set: serve HTTPS. A verified client certificate's subjectAltName URI (or the PSK's
  // originator) becomes the request's transport.peer_identity, which the security pipeline
  // binds to the originator.
  const tls::ServerCredentials* tls = nullptr;
};

class HttpServer final : public model::BindingEndpoint {
 public:
  // Binds and starts serving. 5000 with the reason when the address cannot be bound or the TLS
  // files cannot be loaded.
  static model::Result<std::unique_ptr<HttpServer>> start(const HttpServerOptions& options,
                                                          model::PrimitiveHandler& handler);
  ~HttpServer() override;  // stops and waits for in-flight requests
  uint16_t port() const;
  // "http://address:port", or "https://…" with TLS.
  std::string pointOfAccess() const override;
  // Stops accepting, waits for the primitives being handled and closes every connection.
  // A response still pending (an oet not yet due) is dropped with its connection.
  void stop() override;

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace citadel::http
