#pragma once
// The HTTP binding's server on Poco: one keep-alive connection per worker thread, every request
// decoded into a primitive and handed to the PrimitiveHandler port.

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
  int threads = 64;
  size_t max_body_bytes = 1 << 20;
  size_t max_headers = 64;
  // POST /__ut__ is served only when set, and only to loopback peers.
  model::UpperTesterHandler* upper_tester = nullptr;
  // Set: serve HTTPS. A verified client certificate's subjectAltName URI becomes the request's
  // transport.peer_identity, which the security pipeline binds to the originator.
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
  void stop() override;

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace citadel::http
