#pragma once
// The CoAP side of the PrimitiveSender port (TS-0008): sends a request primitive (a NOTIFY,
// later a forwarded request or a DAS query) to a coap:// URL and maps the answer back.

#include <chrono>
#include <string>
#include <vector>

#include "bindings/coap/coap_transaction.h"
#include "cse/model/ports.h"

namespace citadel::coap {

struct CoapSenderOptions {
  std::chrono::milliseconds timeout{3000};  // the whole exchange, retransmissions included
};

// The parts of a coap:// URL (RFC 7252 §6.4), percent-decoded.
struct CoapUrl {
  std::string host;  // without brackets for IPv6
  uint16_t port = 5683;
  std::vector<std::string> path;   // Uri-Path segments
  std::vector<std::string> query;  // Uri-Query options
};
// 5103 with reason "coap.bad_url" for another scheme (coaps too: no DTLS yet), a missing host,
// a bad port or bad percent-encoding.
model::Result<CoapUrl> parseCoapUrl(const std::string& url);

class CoapPrimitiveSender final : public model::PrimitiveSender {
 public:
  explicit CoapPrimitiveSender(CoapSenderOptions options) : options_(options) {}

  // Blocking, bounded by options.timeout: a CON request with the oneM2M options, Uri-Path and
  // Uri-Query from the URL (TS-0008 §6.2.2.3), rsc from the peer's oneM2M-RSC (else from the
  // CoAP code). An unreachable target gives 5103, a silent one 4008, each with the reason in
  // dbg. A "ct=cbor" / "ct=json" query member (TS-0004 Table 7.4.8.1-3) selects the payload
  // format and is not sent. Thread-safe: every send uses its own socket.
  model::Response send(const std::string& target_uri, const model::Request& request) override;

 private:
  CoapSenderOptions options_;
};

}  // namespace citadel::coap
