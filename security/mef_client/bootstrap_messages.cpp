#include "security/mef_client/bootstrap_messages.h"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "security/enrolment/enrolment_keys.h"

namespace citadel::security::mef {
namespace {

using nlohmann::json;
namespace enrolment = security::enrolment;

model::Status bad(const std::string& what) {
  return model::Status::badRequest(what, "mef.bad_message");
}

// The body as a JSON object whose members are all in `known`. nlohmann throws nothing here:
// parse() runs with allow_exceptions = false and returns a discarded value on malformed input.
model::Result<json> parseObject(std::string_view body,
                                const std::vector<std::string_view>& known) {
  json value = json::parse(body, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return bad("the body must be a JSON object");
  for (const auto& [name, member] : value.items()) {
    bool listed = false;
    for (std::string_view k : known) listed = listed || name == k;
    if (!listed) return bad("unknown member");
  }
  return value;
}

model::Result<std::string> stringMember(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return bad(std::string(name) + ": expected a string");
  return it->get<std::string>();
}

model::Result<int64_t> integerMember(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_number_integer()) {
    return bad(std::string(name) + ": expected an integer");
  }
  return it->get<int64_t>();
}

// An identifier member: 1..255 printable ASCII bytes (it is echoed into logs and bound to
// sessions as an originator, so control characters are refused here).
model::Result<std::string> identifierMember(const json& object, const char* name) {
  CITADEL_ASSIGN_OR_RETURN(std::string text, stringMember(object, name));
  if (!enrolment::encodeIdentifier(text).isOk()) {
    return bad(std::string(name) + ": expected 1 to 255 printable ASCII bytes");
  }
  return text;
}

model::Status trueStatus(const json& object) {
  auto it = object.find("status");
  if (it == object.end() || !it->is_boolean() || !it->get<bool>()) {
    return bad("status: expected true");
  }
  return {};
}

const std::vector<std::string_view> kEnrolmentMembers = {
    "keId", "target", "suid", "issued", "expires", "keConfirmation"};

json enrolmentJson(const Enrolment& e) {
  return json{{"keId", e.key_id},     {"target", e.target},   {"suid", e.suid},
              {"issued", e.issued},   {"expires", e.expires}, {"keConfirmation", e.ke_confirmation}};
}

model::Result<Enrolment> enrolmentFrom(const json& object) {
  Enrolment e;
  CITADEL_ASSIGN_OR_RETURN(e.key_id, stringMember(object, "keId"));
  CITADEL_ASSIGN_OR_RETURN(e.target, stringMember(object, "target"));
  CITADEL_ASSIGN_OR_RETURN(int64_t suid, integerMember(object, "suid"));
  if (suid < 0 || suid > 99) return bad("suid: expected an m2m:suid value");
  e.suid = static_cast<int>(suid);
  CITADEL_ASSIGN_OR_RETURN(e.issued, integerMember(object, "issued"));
  CITADEL_ASSIGN_OR_RETURN(e.expires, integerMember(object, "expires"));
  CITADEL_ASSIGN_OR_RETURN(e.ke_confirmation, stringMember(object, "keConfirmation"));
  return e;
}

}  // namespace

model::Result<BootstrapRequest> parseBootstrapRequest(std::string_view body) {
  CITADEL_ASSIGN_OR_RETURN(json object, parseObject(body, {"target", "suid"}));
  BootstrapRequest request;
  CITADEL_ASSIGN_OR_RETURN(request.target, stringMember(object, "target"));
  CITADEL_ASSIGN_OR_RETURN(int64_t suid, integerMember(object, "suid"));
  if (suid < 0 || suid > 99) return bad("suid: expected an m2m:suid value");
  request.suid = static_cast<int>(suid);
  return request;
}

std::string formatBootstrapRequest(const BootstrapRequest& request) {
  return json{{"target", request.target}, {"suid", request.suid}}.dump();
}

model::Result<BootstrapAnswer> parseBootstrapAnswer(std::string_view body) {
  const std::vector<std::string_view> known = {
      "status", "keId", "target", "suid", "issued", "expires", "keConfirmation",
      "lifetime", "kdf", "label", "suidEncoding", "keyConfirmation", "enroleeId"};
  CITADEL_ASSIGN_OR_RETURN(json object, parseObject(body, known));
  CITADEL_RETURN_IF_ERROR(trueStatus(object));
  BootstrapAnswer answer;
  CITADEL_ASSIGN_OR_RETURN(answer.enrolment, enrolmentFrom(object));
  CITADEL_ASSIGN_OR_RETURN(answer.key_confirmation, stringMember(object, "keyConfirmation"));
  if (object.contains("enroleeId")) {
    CITADEL_ASSIGN_OR_RETURN(answer.enrolee_id, identifierMember(object, "enroleeId"));
  }
  return answer;
}

std::string formatBootstrapAnswer(const BootstrapAnswer& answer) {
  json object = enrolmentJson(answer.enrolment);
  object["status"] = true;
  object["lifetime"] = answer.enrolment.expires - answer.enrolment.issued;
  // The derivation inputs besides Ke (TS-0003 §10.3.7), so that the Enrolee can check it
  // derives the same key the Enrolment Target will fetch.
  object["kdf"] = "HMAC-SHA-256";
  object["label"] = "oneM2M Enrolment Key to Usage-Constrained Symmetric Key derivation";
  object["suidEncoding"] = "decimal-ascii";
  object["keyConfirmation"] = answer.key_confirmation;
  if (!answer.enrolee_id.empty()) object["enroleeId"] = answer.enrolee_id;
  return object.dump();
}

model::Result<FetchAnswer> parseFetchAnswer(std::string_view body) {
  CITADEL_ASSIGN_OR_RETURN(json object, parseObject(body, {"status", "keId", "suid", "credential",
                                                           "enroleeId", "lifetime", "expires"}));
  CITADEL_RETURN_IF_ERROR(trueStatus(object));
  FetchAnswer answer;
  CITADEL_ASSIGN_OR_RETURN(answer.key_id, stringMember(object, "keId"));
  CITADEL_ASSIGN_OR_RETURN(int64_t suid, integerMember(object, "suid"));
  if (suid < 0 || suid > 99) return bad("suid: expected an m2m:suid value");
  answer.suid = static_cast<int>(suid);
  CITADEL_ASSIGN_OR_RETURN(std::string hex, stringMember(object, "credential"));
  auto key = enrolment::fromHex(hex);
  OPENSSL_cleanse(hex.data(), hex.size());
  if (!key.isOk() || key.value().size() != enrolment::kKeyBytes) {
    return bad("credential: expected 32 bytes as hex");
  }
  answer.key = std::move(key).value();
  CITADEL_ASSIGN_OR_RETURN(answer.enrolee_id, identifierMember(object, "enroleeId"));
  CITADEL_ASSIGN_OR_RETURN(answer.lifetime, integerMember(object, "lifetime"));
  if (answer.lifetime <= 0) return bad("lifetime: expected a positive number of seconds");
  CITADEL_ASSIGN_OR_RETURN(answer.expires, integerMember(object, "expires"));
  return answer;
}

std::string formatFetchAnswer(const FetchAnswer& answer) {
  std::string hex = enrolment::toHex(answer.key);
  std::string text = json{{"status", true},          {"keId", answer.key_id},
                          {"suid", answer.suid},     {"credential", hex},
                          {"enroleeId", answer.enrolee_id}, {"lifetime", answer.lifetime},
                          {"expires", answer.expires}}
                         .dump();
  OPENSSL_cleanse(hex.data(), hex.size());
  return text;
}

model::Result<std::vector<Enrolment>> parseEnrolmentList(std::string_view body) {
  CITADEL_ASSIGN_OR_RETURN(json object, parseObject(body, {"status", "enrolments"}));
  CITADEL_RETURN_IF_ERROR(trueStatus(object));
  auto it = object.find("enrolments");
  if (it == object.end() || !it->is_array()) return bad("enrolments: expected an array");
  std::vector<Enrolment> enrolments;
  for (const json& entry : *it) {
    if (!entry.is_object()) return bad("enrolments: expected objects");
    for (const auto& [name, member] : entry.items()) {
      bool listed = false;
      for (std::string_view k : kEnrolmentMembers) listed = listed || name == k;
      if (!listed) return bad("enrolments: unknown member");
    }
    CITADEL_ASSIGN_OR_RETURN(Enrolment e, enrolmentFrom(entry));
    enrolments.push_back(std::move(e));
  }
  return enrolments;
}

std::string formatEnrolmentList(const std::vector<Enrolment>& enrolments) {
  json list = json::array();
  for (const Enrolment& e : enrolments) list.push_back(enrolmentJson(e));
  return json{{"status", true}, {"enrolments", std::move(list)}}.dump();
}

std::string formatFailure(std::string_view error) {
  return json{{"status", false}, {"error", std::string(error)}}.dump(
      -1, ' ', true, json::error_handler_t::replace);
}

std::string failureText(std::string_view body) {
  json value = json::parse(body, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return "";
  auto it = value.find("error");
  return it != value.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace citadel::security::mef
