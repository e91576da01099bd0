#pragma once
// The HTTP side of the PrimitiveSender port (TS-0009): sends a request primitive (a NOTIFY, later
// a forwarded request or a DAS query) to an http:// URL and reads the response primitive.

#include <chrono>
#include <memory>

#include "cse/model/ports.h"

namespace citadel::http {

class ExchangeDeadlines;

struct HttpSenderOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds response_timeout{3000};
};

class HttpPrimitiveSender final : public model::PrimitiveSender {
 public:
  explicit HttpPrimitiveSender(HttpSenderOptions options);
  ~HttpPrimitiveSender() override;

  // Blocking; the whole exchange (connect, send, every read of the response, a retry on a fresh
  // connection included) ends within connect_timeout + response_timeout, however slowly the
  // target trickles its answer (issue 15 #19). An unreachable or silent target gives 5103 / 4008
  // with the reason in dbg; a target that answers without X-M2M-RSC gets its rsc from the HTTP
  // status (2xx -> 2000). Keeps one keep-alive connection per host:port per calling thread. A
  // "ct=cbor" / "ct=json" query member (TS-0004 Table 7.4.8.1-3, notification serialization)
  // selects the body format and is removed from the request target.
  model::Response send(const std::string& target_uri, const model::Request& request) override;

 private:
  HttpSenderOptions options_;
  std::unique_ptr<ExchangeDeadlines> deadlines_;
};

}  // namespace citadel::http
