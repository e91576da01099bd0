// Request primitive <-> MQTT payload, TS-0010 §6.5.1 with the parameters of TS-0004 §7.2.1.1
// and their short names and types (TS-0004 §8.2.2, §6.4.1).
#include "bindings/mqtt/mqtt_primitive.h"
#include "bindings/mqtt/primitive_fields.h"

namespace citadel::mqtt {
namespace {

using internal::badParameter;
using internal::PrimitiveFields;
using model::Json;
using model::Request;
using model::Result;
using model::Status;

// rt: m2m:responseTypeInfo {rtv (M), nu (O)} (TS-0004 §6.3.5.30).
Status readResponseType(const PrimitiveFields& fields, Request& r) {
  Json rt;
  CITADEL_RETURN_IF_ERROR(fields.object("rt", &rt));
  if (rt.is_null()) return {};
  PrimitiveFields inner(rt);
  std::optional<int64_t> rtv;
  CITADEL_RETURN_IF_ERROR(inner.integer("rtv", 1, 5, &rtv));
  if (!rtv) return badParameter("rt.rtv", "an integer in 1..5 (rt needs rtv)");
  r.response_type.value = static_cast<model::ResponseTypeValue>(*rtv);
  Status nu = inner.stringList("nu", &r.response_type.notification_uris);
  if (!nu.isOk()) return badParameter("rt.nu", "a list of notification URIs");
  return {};
}

// The mandatory core: op, to (TS-0010 §6.4.5: "shall include {op, fr, to, rqi}"; fr and rqi are
// checked by the engine, which knows the registration exception for fr).
Status readCore(const PrimitiveFields& fields, Request& r) {
  std::optional<int64_t> op;
  CITADEL_RETURN_IF_ERROR(fields.integer("op", 1, 5, &op));
  if (!op) return badParameter("op", "an operation 1..5 (op is mandatory)");
  r.operation = static_cast<model::Operation>(*op);
  CITADEL_RETURN_IF_ERROR(fields.string("to", &r.to));
  if (r.to.empty()) return badParameter("to", "a non-empty target URI (to is mandatory)");
  CITADEL_RETURN_IF_ERROR(fields.string("fr", &r.originator));
  CITADEL_RETURN_IF_ERROR(fields.string("rqi", &r.request_id));
  CITADEL_RETURN_IF_ERROR(fields.string("rvi", &r.release_version_indicator));
  std::optional<int64_t> ty;
  CITADEL_RETURN_IF_ERROR(fields.integer("ty", 1, 65535, &ty));
  if (ty) r.resource_type = static_cast<uint16_t>(*ty);
  // pc: m2m:primitiveContent, one root member such as {"m2m:cnt":{…}}.
  CITADEL_RETURN_IF_ERROR(fields.object("pc", &r.content));
  return {};
}

Status readTimesAndHints(const PrimitiveFields& fields, Request& r) {
  CITADEL_RETURN_IF_ERROR(fields.string("ot", &r.originating_timestamp));
  CITADEL_RETURN_IF_ERROR(fields.timeText("rqet", &r.request_expiration_timestamp));
  CITADEL_RETURN_IF_ERROR(fields.timeText("rset", &r.result_expiration_timestamp));
  CITADEL_RETURN_IF_ERROR(fields.timeText("oet", &r.operation_execution_time));
  CITADEL_RETURN_IF_ERROR(fields.timeText("rp", &r.result_persistence));
  CITADEL_RETURN_IF_ERROR(fields.eventCategory("ec", &r.event_category));
  CITADEL_RETURN_IF_ERROR(readResponseType(fields, r));
  std::optional<int64_t> rcn;
  CITADEL_RETURN_IF_ERROR(fields.integer("rcn", 0, 10, &rcn));
  if (rcn) r.result_content = static_cast<model::ResultContent>(*rcn);
  std::optional<int64_t> drt;
  CITADEL_RETURN_IF_ERROR(fields.integer("drt", 1, 2, &drt));
  if (drt) r.desired_identifier_result_type = static_cast<model::DesiredIdResultType>(*drt);
  CITADEL_RETURN_IF_ERROR(fields.object("fc", &r.filter_criteria));
  CITADEL_RETURN_IF_ERROR(fields.boolean("da", &r.delivery_aggregation));
  CITADEL_RETURN_IF_ERROR(fields.string("gid", &r.group_request_identifier));
  CITADEL_RETURN_IF_ERROR(fields.stringList("grtm", &r.group_request_target_members));
  CITADEL_RETURN_IF_ERROR(fields.boolean("sqi", &r.semantic_query_indicator));
  CITADEL_RETURN_IF_ERROR(fields.string("vsi", &r.vendor_information));
  CITADEL_RETURN_IF_ERROR(fields.stringList("atrl", &r.attribute_list));
  return {};
}

// Security parameters (TS-0004 §7.2.1.1; TS-0003 §7.3 tokens, roles, signatures).
Status readSecurity(const PrimitiveFields& fields, Request& r) {
  CITADEL_RETURN_IF_ERROR(fields.stringList("rids", &r.role_ids));
  CITADEL_RETURN_IF_ERROR(fields.stringList("tkns", &r.tokens));
  CITADEL_RETURN_IF_ERROR(fields.stringList("tids", &r.token_ids));
  CITADEL_RETURN_IF_ERROR(fields.stringList("ltids", &r.local_token_ids));
  CITADEL_RETURN_IF_ERROR(fields.boolean("tqi", &r.token_request_indicator));
  CITADEL_RETURN_IF_ERROR(fields.boolean("asi", &r.authorization_signature_indicator));
  CITADEL_RETURN_IF_ERROR(fields.stringList("aus", &r.authorization_signatures));
  CITADEL_RETURN_IF_ERROR(fields.boolean("auri", &r.authorization_relationship_indicator));
  return {};
}

void putString(Json& out, const char* name, const std::string& value) {
  if (!value.empty()) out[name] = value;
}

void putList(Json& out, const char* name, const std::vector<std::string>& value) {
  if (!value.empty()) out[name] = value;
}

void putBool(Json& out, const char* name, const std::optional<bool>& value) {
  if (value) out[name] = *value;
}

}  // namespace

Result<Request> parseRequestPrimitive(std::string_view payload, codec::ContentFormat format,
                                      const codec::ParseLimits& limits, std::string* request_id) {
  CITADEL_ASSIGN_OR_RETURN(Json root,
                           internal::parsePrimitiveObject(payload, format, limits, "m2m:rqp"));
  PrimitiveFields fields(root);
  if (request_id != nullptr) {
    auto rqi = root.find("rqi");
    if (rqi != root.end() && rqi->is_string()) *request_id = rqi->get<std::string>();
  }
  Request request;
  CITADEL_RETURN_IF_ERROR(readCore(fields, request));
  CITADEL_RETURN_IF_ERROR(readTimesAndHints(fields, request));
  CITADEL_RETURN_IF_ERROR(readSecurity(fields, request));
  return request;
}

Json requestToPrimitive(const Request& r) {
  Json out = Json::object();
  out["op"] = static_cast<int>(r.operation);
  out["to"] = r.to;
  putString(out, "fr", r.originator);
  putString(out, "rqi", r.request_id);
  putString(out, "rvi", r.release_version_indicator);
  if (r.resource_type) out["ty"] = *r.resource_type;
  if (!r.content.is_null()) out["pc"] = r.content;
  putString(out, "ot", r.originating_timestamp);
  putString(out, "rqet", r.request_expiration_timestamp);
  putString(out, "rset", r.result_expiration_timestamp);
  putString(out, "oet", r.operation_execution_time);
  putString(out, "rp", r.result_persistence);
  internal::putEventCategory(out, "ec", r.event_category);
  // rt only when it says more than the default (blockingRequest, no nu).
  if (r.response_type.value != model::ResponseTypeValue::kBlockingRequest ||
      !r.response_type.notification_uris.empty()) {
    Json rt = {{"rtv", static_cast<int>(r.response_type.value)}};
    putList(rt, "nu", r.response_type.notification_uris);
    out["rt"] = std::move(rt);
  }
  if (r.result_content) out["rcn"] = static_cast<int>(*r.result_content);
  if (r.desired_identifier_result_type) {
    out["drt"] = static_cast<int>(*r.desired_identifier_result_type);
  }
  if (r.filter_criteria.is_object()) out["fc"] = r.filter_criteria;
  putBool(out, "da", r.delivery_aggregation);
  putString(out, "gid", r.group_request_identifier);
  putList(out, "grtm", r.group_request_target_members);
  putBool(out, "sqi", r.semantic_query_indicator);
  putString(out, "vsi", r.vendor_information);
  putList(out, "atrl", r.attribute_list);
  putList(out, "rids", r.role_ids);
  putList(out, "tkns", r.tokens);
  putList(out, "tids", r.token_ids);
  putList(out, "ltids", r.local_token_ids);
  putBool(out, "tqi", r.token_request_indicator);
  putBool(out, "asi", r.authorization_signature_indicator);
  putList(out, "aus", r.authorization_signatures);
  putBool(out, "auri", r.authorization_relationship_indicator);
  return out;
}

}  // namespace citadel::mqtt
