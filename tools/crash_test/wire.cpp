#include "tools/crash_test/wire.h"

#include <sstream>

#include "tests/support/coap_client.h"
#include "tests/support/http_client.h"
#include "tests/support/mqtt_client.h"

namespace citadel::crash_test {
namespace {

template <typename R>
std::string describe(const R& r) {
  std::ostringstream out;
  out << r;
  return out.str();
}

class HttpWire final : public Wire {
 public:
  explicit HttpWire(uint16_t port) : http_(port) {}
  std::string name() const override { return "http"; }
  WireReply create(const std::string& o, const std::string& p, int ty, const Json& b) override {
    return reply(http_.create(o, p, ty, b));
  }
  WireReply update(const std::string& o, const std::string& p, const Json& b) override {
    return reply(http_.update(o, p, b));
  }
  WireReply remove(const std::string& o, const std::string& p) override {
    return reply(http_.remove(o, p));
  }
  WireReply retrieve(const std::string& o, const std::string& p) override {
    return reply(http_.retrieve(o, p));
  }

 private:
  static WireReply reply(const testing::HttpResult& r) {
    return {r.http_status != 0 && r.rsc != 0, r.rsc, r.json, describe(r)};
  }
  testing::HttpClient http_;
};

class CoapWire final : public Wire {
 public:
  CoapWire(uint16_t port, std::chrono::milliseconds timeout) : coap_(port) {
    coap_.setTimeout(timeout);
  }
  std::string name() const override { return "coap"; }
  WireReply create(const std::string& o, const std::string& p, int ty, const Json& b) override {
    return reply(coap_.create(o, p, ty, b));
  }
  WireReply update(const std::string& o, const std::string& p, const Json& b) override {
    return reply(coap_.update(o, p, b));
  }
  WireReply remove(const std::string& o, const std::string& p) override {
    return reply(coap_.remove(o, p));
  }
  WireReply retrieve(const std::string& o, const std::string& p) override {
    return reply(coap_.retrieve(o, p));
  }

 private:
  static WireReply reply(const testing::CoapResult& r) {
    return {r.code != 0 && r.rsc != 0, r.rsc, r.json, describe(r)};
  }
  testing::CoapClient coap_;
};

// One MQTT connection per originator: TS-0010 §6.4.2 puts the originator in the topic.
class MqttWire final : public Wire {
 public:
  MqttWire(std::string broker, std::chrono::milliseconds timeout)
      : broker_(std::move(broker)), timeout_(timeout) {}
  std::string name() const override { return "mqtt"; }
  WireReply create(const std::string& o, const std::string& p, int ty, const Json& b) override {
    return send(o, {{"op", 1}, {"to", to(p)}, {"ty", ty}, {"pc", b}});
  }
  WireReply update(const std::string& o, const std::string& p, const Json& b) override {
    return send(o, {{"op", 3}, {"to", to(p)}, {"pc", b}});
  }
  WireReply remove(const std::string& o, const std::string& p) override {
    return send(o, {{"op", 4}, {"to", to(p)}});
  }
  WireReply retrieve(const std::string& o, const std::string& p) override {
    return send(o, {{"op", 2}, {"to", to(p)}});
  }
  void forget(const std::string& originator) override { clients_.erase(originator); }

 private:
  // TS-0010 `to`: the CSE-relative form has no leading '/'.
  static std::string to(const std::string& path) {
    return path.starts_with("/") ? path.substr(1) : path;
  }
  WireReply send(const std::string& originator, Json primitive) {
    auto it = clients_.find(originator);
    if (it == clients_.end()) {
      it = clients_.emplace(originator, std::make_unique<testing::MqttClient>(broker_, originator))
               .first;
    }
    primitive["fr"] = originator;
    testing::MqttResult r = it->second->send(std::move(primitive), "json", timeout_);
    Json content = r.json.is_object() && r.json.contains("pc") ? r.json["pc"] : Json();
    return {r.received && r.rsc != 0, r.rsc, content, describe(r)};
  }
  std::string broker_;
  std::chrono::milliseconds timeout_;
  std::map<std::string, std::unique_ptr<testing::MqttClient>> clients_;
};

}  // namespace

std::unique_ptr<Wire> makeHttpWire(uint16_t port) { return std::make_unique<HttpWire>(port); }
std::unique_ptr<Wire> makeCoapWire(uint16_t port, std::chrono::milliseconds timeout) {
  return std::make_unique<CoapWire>(port, timeout);
}
std::unique_ptr<Wire> makeMqttWire(std::string broker_uri, std::chrono::milliseconds timeout) {
  return std::make_unique<MqttWire>(std::move(broker_uri), timeout);
}

}  // namespace citadel::crash_test
