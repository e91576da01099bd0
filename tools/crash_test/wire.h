#pragma once
// Wire: one oneM2M client over HTTP, CoAP or MQTT for the crash test's writers, built on the
// test clients of tests/support (HttpClient, CoapClient, MqttClient) with short timeouts: after
// kill -9 a writer must learn quickly that its request is unanswered. Not thread-safe: one Wire
// per writer thread.

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "cse/model/json.h"

namespace citadel::crash_test {

using Json = model::Json;

struct WireReply {
  bool answered = false;  // false: no response (connection reset, timeout): outcome unknown
  int rsc = 0;
  Json content;      // the primitive content, null when empty
  std::string text;  // the response as carried, for violation reports
};

class Wire {
 public:
  virtual ~Wire() = default;
  virtual std::string name() const = 0;
  // `path` is CSE-relative with a leading '/' ("/cse-in/ae/cnt").
  virtual WireReply create(const std::string& originator, const std::string& path, int ty,
                           const Json& body) = 0;
  virtual WireReply update(const std::string& originator, const std::string& path,
                           const Json& body) = 0;
  virtual WireReply remove(const std::string& originator, const std::string& path) = 0;
  virtual WireReply retrieve(const std::string& originator, const std::string& path) = 0;
  // Drops per-originator state (MQTT connections) of an originator that will not be used again.
  virtual void forget(const std::string& originator) {}
};

// `timeout` bounds each exchange (CoAP and MQTT; HTTP sees a reset at once after kill -9 and
// keeps its client's 10 s bound for a live but slow CSE).
std::unique_ptr<Wire> makeHttpWire(uint16_t port);
std::unique_ptr<Wire> makeCoapWire(uint16_t port, std::chrono::milliseconds timeout);
std::unique_ptr<Wire> makeMqttWire(std::string broker_uri, std::chrono::milliseconds timeout);

}  // namespace citadel::crash_test
