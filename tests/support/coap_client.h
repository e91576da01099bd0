#pragma once
// A CoAP client for tests (TS-0008 binding): one request, one response, bounded by a timeout.
// Every helper request carries a fresh oneM2M-RQI and oneM2M-RVI "3"; send() and
// rawDatagram() send only what they are given. Built on the binding's own RFC 7252 layer
// (bindings/coap/coap_transaction.h): libcoap 4.3.1 clients drop responses carrying more than
// two oneM2M options (see bindings/coap/coap_wire.h). Interoperability with libcoap is checked
// separately with the coap-client tool (tests/unit/coap/coap_cli_interop_test.cpp).

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "bindings/coap/coap_message.h"
#include "cse/model/json.h"

namespace citadel::testing {

struct CoapResult {
  int code = 0;  // 205 for 2.05 Content; 0 when no response came (see `error`)
  int rsc = 0;   // oneM2M-RSC, 0 if absent
  coap::OptionList options;  // every response option but Content-Format (Block2 too, once joined)
  std::optional<uint16_t> content_format;
  std::string payload;      // the whole payload, Block2 blocks joined
  model::Json json;         // parsed JSON/CBOR payload; null when empty or unparseable
  std::string error;        // transport error text (timeout, unreachable)
  std::string request_id;   // the oneM2M-RQI this client sent ("" for send())

  // The first value of option `number`, "" when absent.
  std::string option(uint16_t number) const;
  bool hasOption(uint16_t number) const;
  // The m2m:dbg string of an error payload, "" when absent.
  std::string dbg() const;
  // The resource inside a one-member payload such as {"m2m:cnt":{...}}; null otherwise.
  const model::Json& resource() const;
};

// For gtest failure messages: "CoAP 4.04 rsc=4004 payload=...".
std::ostream& operator<<(std::ostream& out, const CoapResult& result);

class CoapClient {
 public:
  explicit CoapClient(uint16_t port, std::string host = "127.0.0.1");

  void setPort(uint16_t port) { port_ = port; }
  uint16_t port() const { return port_; }
  // CON (default) or NON requests.
  void setConfirmable(bool confirmable) { confirmable_ = confirmable; }
  // Bounds every exchange, retransmissions and blocks included (default 5 s).
  void setTimeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

  // `path` is the URI path ("/cse-in/ae", "/~/id-in/cse-in", "/_/sp/id-in/cse-in"); each
  // '/'-separated piece is one Uri-Path option. `query` is "rcn=1&atrl=rn+ty": each
  // '&'-separated piece is one Uri-Query option. An empty originator sends no oneM2M-FR.
  CoapResult create(const std::string& originator, const std::string& path, int ty,
                    const model::Json& body, const std::string& query = "");
  CoapResult retrieve(const std::string& originator, const std::string& path,
                      const std::string& query = "");
  CoapResult update(const std::string& originator, const std::string& path,
                    const model::Json& body, const std::string& query = "");
  CoapResult remove(const std::string& originator, const std::string& path,
                    const std::string& query = "");
  CoapResult notify(const std::string& originator, const std::string& path,
                    const model::Json& body);
  // Exactly these parts (the confirmable flag of `parts` is used).
  CoapResult send(const coap::CoapRequestParts& parts);
  // One datagram as given; the first datagram that comes back within `timeout`, or nullopt.
  std::optional<std::string> rawDatagram(const std::string& bytes,
                                         std::chrono::milliseconds timeout =
                                             std::chrono::seconds(2));

  // Registers an AE named `name` with originator "C<name>" (api "N<name>", rr false, srv ["3"])
  // and returns its AE-ID "C<name>". Records a gtest failure and returns "" unless 2001.
  std::string registerAe(const std::string& name);

  // A fresh request identifier, unique within this process.
  static std::string nextRequestId();

 private:
  CoapResult oneM2M(uint8_t method, const std::string& originator, const std::string& path,
                    const std::string& query, std::optional<int> ty, const model::Json* body);

  std::string host_;
  uint16_t port_;
  bool confirmable_ = true;
  std::chrono::milliseconds timeout_{5000};
};

// Splits "/a/b" into {"a", "b"} and "x=1&y=2" into {"x=1", "y=2"} (empty pieces dropped).
std::vector<std::string> splitPath(const std::string& path);
std::vector<std::string> splitQuery(const std::string& query);

}  // namespace citadel::testing
