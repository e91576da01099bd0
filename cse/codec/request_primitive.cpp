// Request primitive <-> JSON/CBOR object, with the parameters of TS-0004 §7.2.1.1 and their short
// names and types (TS-0004 §8.2.2, §6.4.1) taken from the parameter table.
#include "cse/codec/primitive_codec.h"
#include "cse/codec/primitive_fields.h"

namespace citadel::codec {
namespace {

using internal::badParameter;
using internal::PrimitiveFields;
using model::Json;
using model::Request;
using model::Result;
using model::Status;
using PP = PrimitiveParameter;

// rt: m2m:responseTypeInfo {rtv (M), nu (O)} (TS-0004 §6.3.5.30).
Status readResponseType(const PrimitiveFields& fields, const ParameterSpec& spec, Request& r) {
  Json rt;
  CITADEL_RETURN_IF_ERROR(fields.object("rt", &rt));
  if (rt.is_null()) return {};
  PrimitiveFields inner(rt);
  std::optional<int64_t> rtv;
  CITADEL_RETURN_IF_ERROR(inner.integer("rtv", spec.min, spec.max, &rtv));
  if (!rtv) return badParameter("rt.rtv", rangeText(spec) + " (rt needs rtv)");
  r.response_type.value = static_cast<model::ResponseTypeValue>(*rtv);
  Status nu = inner.stringList("nu", &r.response_type.notification_uris);
  if (!nu.isOk()) return badParameter("rt.nu", "a list of notification URIs");
  return {};
}

// A parameter held in a plain Request field: text, list or flag.
Status readField(const PrimitiveFields& fields, const ParameterSpec& spec, Request& r) {
  // The table's short names are string literals, hence NUL-terminated.
  const char* name = spec.short_name.data();
  if (spec.text != nullptr) {
    switch (spec.type) {
      case ParameterType::kAbsRelTimestamp: return fields.timeText(name, &(r.*spec.text));
      case ParameterType::kEventCategory: return fields.eventCategory(name, &(r.*spec.text));
      default: return fields.string(name, &(r.*spec.text));
    }
  }
  if (spec.list != nullptr) return fields.stringList(name, &(r.*spec.list));
  if (spec.flag != nullptr) return fields.boolean(name, &(r.*spec.flag));
  return {};
}

// One request parameter. op and to are mandatory (TS-0010 §6.4.5: "shall include {op, fr, to,
// rqi}"; fr and rqi are checked by the engine, which knows the registration exception for fr).
Status readParameter(const PrimitiveFields& fields, const ParameterSpec& spec, Request& r) {
  std::optional<int64_t> value;
  switch (spec.id) {
    case PP::kOperation:
      CITADEL_RETURN_IF_ERROR(fields.integer(spec, &value));
      if (!value) {
        return badParameter("op", "an operation " + std::to_string(spec.min) + ".." +
                                      std::to_string(spec.max) + " (op is mandatory)");
      }
      r.operation = static_cast<model::Operation>(*value);
      return {};
    case PP::kTo:
      CITADEL_RETURN_IF_ERROR(fields.string("to", &r.to));
      if (r.to.empty()) return badParameter("to", "a non-empty target URI (to is mandatory)");
      return {};
    case PP::kResourceType:
      CITADEL_RETURN_IF_ERROR(fields.integer(spec, &value));
      if (value) r.resource_type = static_cast<uint16_t>(*value);
      return {};
    // pc: m2m:primitiveContent, one root member such as {"m2m:cnt":{…}}.
    // Checked here, in table order; moved out of the tree once every parameter has passed.
    case PP::kContent: return fields.object("pc", nullptr);
    case PP::kFilterCriteria: return fields.object("fc", &r.filter_criteria);
    case PP::kResponseType: return readResponseType(fields, spec, r);
    case PP::kNotificationUris: return {};  // inside rt
    case PP::kResultContent:
      CITADEL_RETURN_IF_ERROR(fields.integer(spec, &value));
      if (value) r.result_content = static_cast<model::ResultContent>(*value);
      return {};
    case PP::kDesiredIdResultType:
      CITADEL_RETURN_IF_ERROR(fields.integer(spec, &value));
      if (value) r.desired_identifier_result_type = static_cast<model::DesiredIdResultType>(*value);
      return {};
    default: return readField(fields, spec, r);
  }
}

void putField(Json& out, const ParameterSpec& spec, const Request& r) {
  std::string name(spec.short_name);
  if (spec.text != nullptr) {
    const std::string& text = r.*spec.text;
    if (spec.type == ParameterType::kEventCategory) {
      internal::putEventCategory(out, name.c_str(), text);
    } else if (!text.empty()) {
      out[name] = text;
    }
  } else if (spec.list != nullptr) {
    if (!(r.*spec.list).empty()) out[name] = r.*spec.list;
  } else if (spec.flag != nullptr) {
    if (r.*spec.flag) out[name] = *(r.*spec.flag);
  }
}

}  // namespace

Result<Request> parseRequestPrimitive(std::string_view payload, ContentFormat format,
                                      const ParseLimits& limits, std::string* request_id) {
  CITADEL_ASSIGN_OR_RETURN(Json root,
                           internal::parsePrimitiveObject(payload, format, limits, "m2m:rqp"));
  PrimitiveFields fields(root);
  if (request_id != nullptr) {
    auto rqi = root.find("rqi");
    if (rqi != root.end() && rqi->is_string()) *request_id = rqi->get<std::string>();
  }
  Request request;
  // In table order, so the first bad parameter in that order is the one reported.
  for (const ParameterSpec& spec : kParameters) {
    if (spec.in_request) CITADEL_RETURN_IF_ERROR(readParameter(fields, spec, request));
  }
  if (fields.has("pc")) request.content = std::move(root["pc"]);
  return request;
}

Json requestToPrimitive(const Request& r) {
  Json out = Json::object();
  out["op"] = static_cast<int>(r.operation);
  out["to"] = r.to;
  if (r.resource_type) out["ty"] = *r.resource_type;
  if (!r.content.is_null()) out["pc"] = r.content;
  // rt only when it says more than the default (blockingRequest, no nu).
  if (r.response_type.value != model::ResponseTypeValue::kBlockingRequest ||
      !r.response_type.notification_uris.empty()) {
    Json rt = {{"rtv", static_cast<int>(r.response_type.value)}};
    if (!r.response_type.notification_uris.empty()) rt["nu"] = r.response_type.notification_uris;
    out["rt"] = std::move(rt);
  }
  if (r.result_content) out["rcn"] = static_cast<int>(*r.result_content);
  if (r.desired_identifier_result_type) {
    out["drt"] = static_cast<int>(*r.desired_identifier_result_type);
  }
  if (r.filter_criteria.is_object()) out["fc"] = r.filter_criteria;
  for (const ParameterSpec& spec : kParameters) {
    if (spec.in_request && spec.id != PP::kTo) putField(out, spec, r);
  }
  return out;
}

}  // namespace citadel::codec
