#include "tests/support/binding_client.h"

#include <sstream>

#include "tests/support/coap_client.h"
#include "tests/support/http_client.h"
#include "tests/support/mqtt_client.h"

namespace citadel::testing {
namespace {

const Json& single(const Json& content) {
  static const Json kNull;
  if (content.is_object() && content.size() == 1) {
    return content.begin().value();
  }
  return kNull;
}

class HttpBindingClient final : public BindingClient {
 public:
  explicit HttpBindingClient(uint16_t port) : http_(port) {}
  std::string name() const override { return "http"; }
  BindingReply create(const std::string& o, const std::string& p, int ty,
                      const Json& body) override {
    return reply(http_.create(o, p, ty, body));
  }
  BindingReply retrieve(const std::string& o, const std::string& p) override {
    return reply(http_.retrieve(o, p));
  }
  BindingReply update(const std::string& o, const std::string& p, const Json& body) override {
    return reply(http_.update(o, p, body));
  }
  BindingReply remove(const std::string& o, const std::string& p) override {
    return reply(http_.remove(o, p));
  }

 private:
  static BindingReply reply(const HttpResult& r) {
    std::ostringstream wire;
    wire << r;
    return {r.http_status != 0, r.rsc, r.json, wire.str()};
  }
  HttpClient http_;
};

class CoapBindingClient final : public BindingClient {
 public:
  explicit CoapBindingClient(uint16_t port) : coap_(port) {}
  std::string name() const override { return "coap"; }
  BindingReply create(const std::string& o, const std::string& p, int ty,
                      const Json& body) override {
    return reply(coap_.create(o, p, ty, body));
  }
  BindingReply retrieve(const std::string& o, const std::string& p) override {
    return reply(coap_.retrieve(o, p));
  }
  BindingReply update(const std::string& o, const std::string& p, const Json& body) override {
    return reply(coap_.update(o, p, body));
  }
  BindingReply remove(const std::string& o, const std::string& p) override {
    return reply(coap_.remove(o, p));
  }

 private:
  static BindingReply reply(const CoapResult& r) {
    std::ostringstream wire;
    wire << r;
    return {r.code != 0, r.rsc, r.json, wire.str()};
  }
  CoapClient coap_;
};

class MqttBindingClient final : public BindingClient {
 public:
  MqttBindingClient(std::string broker, std::string cse_id)
      : broker_(std::move(broker)), cse_id_(std::move(cse_id)) {}
  std::string name() const override { return "mqtt"; }
  BindingReply create(const std::string& o, const std::string& p, int ty,
                      const Json& body) override {
    return reply(client(o).create(to(p), ty, body));
  }
  BindingReply retrieve(const std::string& o, const std::string& p) override {
    return reply(client(o).retrieve(to(p)));
  }
  BindingReply update(const std::string& o, const std::string& p, const Json& body) override {
    return reply(client(o).update(to(p), body));
  }
  BindingReply remove(const std::string& o, const std::string& p) override {
    return reply(client(o).remove(to(p)));
  }

 private:
  // TS-0010 `to`: the CSE-relative form has no leading '/'.
  static std::string to(const std::string& path) {
    return path.starts_with("/") ? path.substr(1) : path;
  }
  MqttClient& client(const std::string& originator) {
    auto it = clients_.find(originator);
    if (it == clients_.end()) {
      it = clients_
               .emplace(originator, std::make_unique<MqttClient>(broker_, originator, cse_id_))
               .first;
    }
    return *it->second;
  }
  static BindingReply reply(const MqttResult& r) {
    std::ostringstream wire;
    wire << r;
    Json content = r.json.is_object() && r.json.contains("pc") ? r.json["pc"] : Json();
    return {r.received, r.rsc, content, wire.str()};
  }
  std::string broker_;
  std::string cse_id_;
  std::map<std::string, std::unique_ptr<MqttClient>> clients_;
};

}  // namespace

std::string BindingReply::dbg() const {
  if (content.is_object() && content.contains("m2m:dbg") && content["m2m:dbg"].is_string()) {
    return content["m2m:dbg"].get<std::string>();
  }
  return "";
}

const Json& BindingReply::resource() const { return single(content); }

std::ostream& operator<<(std::ostream& out, const BindingReply& reply) {
  return out << (reply.answered ? "" : "(no answer) ") << reply.wire;
}

std::unique_ptr<BindingClient> makeHttpBindingClient(uint16_t port) {
  return std::make_unique<HttpBindingClient>(port);
}
std::unique_ptr<BindingClient> makeCoapBindingClient(uint16_t port) {
  return std::make_unique<CoapBindingClient>(port);
}
std::unique_ptr<BindingClient> makeMqttBindingClient(std::string broker_uri, std::string cse_id) {
  return std::make_unique<MqttBindingClient>(std::move(broker_uri), std::move(cse_id));
}

}  // namespace citadel::testing
