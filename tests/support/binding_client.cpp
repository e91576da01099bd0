#include "tests/support/binding_client.h"

#include <sstream>

#include "bindings/coap/coap_options.h"
#include "cse/codec/text.h"
#include "tests/support/coap_client.h"
#include "tests/support/http_client.h"
#include "tests/support/mqtt_client.h"

namespace citadel::testing {
namespace {

std::string joinPlus(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out.push_back('+');
    out += v;
  }
  return out;
}

// "rids=a+b&tids=c&ltids=d&tqi=true" (with tkns too when `with_tokens`, for CoAP).
std::string accessQuery(const AccessParams& a, bool with_tokens) {
  std::vector<std::string> parts;
  if (!a.role_ids.empty()) parts.push_back("rids=" + joinPlus(a.role_ids));
  if (with_tokens && !a.tokens.empty()) parts.push_back("tkns=" + joinPlus(a.tokens));
  if (!a.token_ids.empty()) parts.push_back("tids=" + joinPlus(a.token_ids));
  if (!a.local_token_ids.empty()) parts.push_back("ltids=" + joinPlus(a.local_token_ids));
  if (a.token_request) parts.push_back("tqi=true");
  if (a.author_sign_indicator) parts.push_back("asi=true");
  if (a.author_relationship) parts.push_back("auri=true");
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out.push_back('&');
    out += p;
  }
  return out;
}

// "lti1:tkid1+lti2:tkid2" (TS-0009 §6.4.18) -> {"ltia":[…]}; null when empty.
Json atiFromText(const std::string& text) {
  if (text.empty()) return Json();
  Json ltia = Json::array();
  for (const std::string& element : codec::splitList(text, '+')) {
    // TS-0009's example writes " + " between pairs: spaces are not part of an ID.
    std::string_view pair = codec::trim(element, " ");
    size_t colon = pair.find(':');
    if (colon == std::string::npos) continue;
    ltia.push_back({{"lti", std::string(pair.substr(0, colon))},
                    {"tkid", std::string(pair.substr(colon + 1))}});
  }
  return {{"ltia", ltia}};
}

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
  BindingReply request(BindingOp op, const std::string& o, const std::string& p,
                       const AccessParams& access, const Json& body, int ty) override {
    HeaderList headers;
    if (!o.empty()) headers.emplace_back("X-M2M-Origin", o);
    headers.emplace_back("X-M2M-RI", HttpClient::nextRequestId());
    headers.emplace_back("X-M2M-RVI", "3");
    headers.emplace_back("Accept", "application/json");
    // TS-0009 §6.4.19: tokens travel in the Authorization header, '+'-joined.
    if (!access.tokens.empty()) headers.emplace_back("Authorization", joinPlus(access.tokens));
    // TS-0009 §6.4.24.
    if (!access.author_signs.empty()) {
      headers.emplace_back("X-M2M-AS", joinPlus(access.author_signs));
    }
    std::string method = op == BindingOp::kCreate     ? "POST"
                         : op == BindingOp::kRetrieve ? "GET"
                         : op == BindingOp::kUpdate   ? "PUT"
                                                      : "DELETE";
    std::string text;
    if (op == BindingOp::kCreate || op == BindingOp::kUpdate) {
      headers.emplace_back("Content-Type", op == BindingOp::kCreate
                                               ? "application/json;ty=" + std::to_string(ty)
                                               : std::string("application/json"));
      text = body.dump();
    }
    std::string query = accessQuery(access, false);
    std::string target = (p.starts_with("/") ? p : "/" + p) + (query.empty() ? "" : "?" + query);
    BindingReply r = reply(http_.raw(method, target, headers, text));
    return r;
  }

 private:
  static BindingReply reply(const HttpResult& r) {
    std::ostringstream wire;
    wire << r;
    BindingReply out{r.http_status != 0, r.rsc, r.json, wire.str(),
                     atiFromText(r.header("X-M2M-ATI"))};
    std::string asri = r.header("X-M2M-ASRI");
    if (!asri.empty()) out.asri = asri == "true" || asri == "1";
    return out;
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
  BindingReply request(BindingOp op, const std::string& o, const std::string& p,
                       const AccessParams& access, const Json& body, int ty) override {
    // TS-0008 §6.2.2.4: every access parameter, tokens too, is a Uri-Query option.
    std::string query = accessQuery(access, true);
    switch (op) {
      case BindingOp::kCreate: return reply(coap_.create(o, p, ty, body, query));
      case BindingOp::kRetrieve: return reply(coap_.retrieve(o, p, query));
      case BindingOp::kUpdate: return reply(coap_.update(o, p, body, query));
      case BindingOp::kDelete: return reply(coap_.remove(o, p, query));
    }
    return {};
  }

 private:
  static BindingReply reply(const CoapResult& r) {
    std::ostringstream wire;
    wire << r;
    BindingReply out{r.code != 0, r.rsc, r.json, wire.str(),
                     atiFromText(r.option(coap::option::kOneM2mAti))};
    std::string asri = r.option(275);  // oneM2M-ASRI (TS-0008 Table 6.2.2.4-1)
    if (!asri.empty()) out.asri = asri == "true" || asri == "1";
    return out;
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
  BindingReply request(BindingOp op, const std::string& o, const std::string& p,
                       const AccessParams& access, const Json& body, int ty) override {
    int operation = op == BindingOp::kCreate     ? 1
                    : op == BindingOp::kRetrieve ? 2
                    : op == BindingOp::kUpdate   ? 3
                                                 : 4;
    Json primitive = {{"op", operation}, {"to", to(p)}, {"fr", o},
                      {"rqi", MqttClient::nextRequestId()}, {"rvi", "3"}};
    if (op == BindingOp::kCreate) primitive["ty"] = ty;
    if (op == BindingOp::kCreate || op == BindingOp::kUpdate) primitive["pc"] = body;
    if (!access.role_ids.empty()) primitive["rids"] = access.role_ids;
    if (!access.tokens.empty()) primitive["tkns"] = access.tokens;
    if (!access.token_ids.empty()) primitive["tids"] = access.token_ids;
    if (!access.local_token_ids.empty()) primitive["ltids"] = access.local_token_ids;
    if (access.token_request) primitive["tqi"] = true;
    if (access.author_sign_indicator) primitive["asi"] = true;
    if (!access.author_signs.empty()) primitive["aus"] = access.author_signs;
    if (access.author_relationship) primitive["auri"] = true;
    return reply(client(o).send(primitive));
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
    // TS-0010 §6.4.x: tqf is a member of the response primitive; report it as the content, as
    // HTTP and CoAP carry it in the body.
    if (content.is_null() && r.json.is_object() && r.json.contains("tqf")) content = r.json["tqf"];
    Json ati = r.json.is_object() && r.json.contains("ati") ? r.json["ati"] : Json();
    BindingReply out{r.received, r.rsc, content, wire.str(), ati};
    if (r.json.is_object() && r.json.contains("asri") && r.json["asri"].is_boolean()) {
      out.asri = r.json["asri"].get<bool>();
    }
    return out;
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
