#pragma once
// The HTTP side of the PrimitiveSender port (TS-0009): sends a request primitive (a NOTIFY, a
// forwarded request, a registration, a DAS query) to an http:// or https:// URL and reads the
// response primitive. On Boost.Beast/Asio, like the server.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "cse/model/ports.h"

namespace citadel::http {


// What an https:// exchange proves and trusts (TS-0003 §8.1.2.4): this CSE's own certificate
// (its CSE-ID certificate, sent when the server asks for a client certificate) and the anchors
// the server's chain must end at. The server's certificate must also name the host the URL
// names (DNS or IP subjectAltName), as for any HTTPS client.
struct TlsClientCredentials {
  std::string certificate;  // PEM chain; "" = no client certificate
  std::string private_key;  // PEM, unencrypted; with certificate
  std::string ca_file;      // PEM trust anchors for servers; "" = the system's CAs
};

struct HttpSenderOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds response_timeout{3000};
  TlsClientCredentials tls;
};

class HttpPrimitiveSender final : public model::PrimitiveSender {
 public:
  // Keep-alive connections a calling thread holds at most (all senders together); the least
  // recently used one is closed for a new target.
  static constexpr size_t kMaxSessionsPerThread = 32;

  // Loads the TLS credentials once, at the first https send; a file that cannot be loaded
  // leaves https:// unusable (every https send then answers 5103 with the reason), never a crash
  // or an unverified connection.
  explicit HttpPrimitiveSender(HttpSenderOptions options);
  ~HttpPrimitiveSender() override;

  // Blocking; the whole exchange (the host name's lookup, connect, send, every read of the
  // response, a retry on a fresh connection included) ends within connect_timeout +
  // response_timeout, however slowly the target or its DNS answers (issue 15 #19). An
  // unreachable or silent target gives 5103 / 4008 with the reason in dbg; a target that answers
  // without X-M2M-RSC gets its rsc from the HTTP status (2xx -> 2000). Keeps one keep-alive
  // connection per host:port per calling thread (at most kMaxSessionsPerThread). A "ct=cbor" /
  // "ct=json" query member (TS-0004 Table 7.4.8.1-3, notification serialization) selects the
  // body format and is removed from the request target. https:// verifies the server as
  // TlsClientCredentials says; a failed handshake or verification is 5103.
  model::Response send(const std::string& target_uri, const model::Request& request) override;

  // Ends every exchange in progress at once (4008) and makes every later send answer 5103: for
  // a sender that holds long polls, so that stopping the CSE never waits for one. Thread-safe.
  void close();

 private:
  struct Tls;        // the client TLS context, or why there is none
  struct Exchanges;  // the I/O contexts of the exchanges in progress, for close()
  struct Exchange;   // one send: its URL, deadline and thread's connections
  static std::unique_ptr<Tls> makeTls(const TlsClientCredentials& tls);
  // Made at the first https send: loading the system's trust anchors costs ~0.5 MiB of heap,
  // which a CSE that never sends over https (most of them) need not hold.
  const Tls& tls();
  model::Response exchange(Exchange& exchange);
  HttpSenderOptions options_;
  uint64_t id_;  // unique per sender: a kept-alive https connection proves this sender's identity
  std::once_flag tls_once_;
  std::unique_ptr<Tls> tls_;
  std::unique_ptr<Exchanges> exchanges_;
  std::atomic<bool> closed_{false};
};

}  // namespace citadel::http
