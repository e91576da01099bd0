// Response primitive <-> JSON/CBOR object, with the parameters of TS-0004 §7.2.1.2
// ("each response primitive shall include the Response Status Code parameter … and the Request
// Identifier parameter").
#include "cse/codec/primitive_codec.h"
#include "cse/codec/primitive_fields.h"

namespace citadel::codec {

using internal::PrimitiveFields;
using model::Json;
using model::Response;
using model::Result;
using model::Status;

namespace {

// Every parameter but pc.
Json envelopeOf(const Response& r) {
  Json out = Json::object();
  out["rsc"] = static_cast<int>(r.status_code);
  out["rqi"] = r.request_id;
  if (!r.to.empty()) out["to"] = r.to;
  if (!r.from.empty()) out["fr"] = r.from;
  if (!r.release_version_indicator.empty()) out["rvi"] = r.release_version_indicator;
  if (!r.vendor_information.empty()) out["vsi"] = r.vendor_information;
  // ot as a string: the unquoted timestamp of the TS-0010 §6.5.1 example is not valid JSON.
  if (!r.originating_timestamp.empty()) out["ot"] = r.originating_timestamp;
  if (!r.result_expiration_timestamp.empty()) out["rset"] = r.result_expiration_timestamp;
  internal::putEventCategory(out, "ec", r.event_category);
  if (r.content_status) out["cnst"] = *r.content_status;
  if (r.content_offset) out["cnot"] = *r.content_offset;
  if (!r.assigned_token_identifiers.is_null()) out["ati"] = r.assigned_token_identifiers;
  if (!r.token_request_information.is_null()) out["tqf"] = r.token_request_information;
  if (r.authorization_signature_request_information) {
    out["asri"] = *r.authorization_signature_request_information;
  }
  return out;
}

}  // namespace

Json responseToPrimitive(const Response& r) {
  Json out = envelopeOf(r);
  if (!r.content.is_null()) out["pc"] = r.content;
  return out;
}

Json responseToPrimitive(Response&& r) {
  Json out = envelopeOf(r);
  if (!r.content.is_null()) out["pc"] = std::move(r.content);
  return out;
}

std::string serializeResponsePrimitive(const Response& response, ContentFormat format) {
  return serializeBody(responseToPrimitive(response), format);
}

std::string serializeResponsePrimitive(Response&& response, ContentFormat format) {
  return serializeBody(responseToPrimitive(std::move(response)), format);
}

Result<Response> parseResponsePrimitive(std::string_view payload, ContentFormat format,
                                        const ParseLimits& limits) {
  CITADEL_ASSIGN_OR_RETURN(Json root,
                           internal::parsePrimitiveObject(payload, format, limits, "m2m:rsp"));
  PrimitiveFields fields(root);
  Response r;
  std::optional<int64_t> rsc;
  CITADEL_RETURN_IF_ERROR(fields.integer(parameter(PrimitiveParameter::kResponseStatusCode), &rsc));
  if (!rsc) {
    return internal::badParameter("rsc", "a response status code (rsc is mandatory)");
  }
  r.status_code = static_cast<model::Rsc>(*rsc);
  CITADEL_RETURN_IF_ERROR(fields.string("rqi", &r.request_id));
  // pc is moved out of the parsed tree rather than copied (it is most of the primitive).
  if (fields.has("pc")) r.content = std::move(root["pc"]);
  CITADEL_RETURN_IF_ERROR(fields.string("to", &r.to));
  CITADEL_RETURN_IF_ERROR(fields.string("fr", &r.from));
  CITADEL_RETURN_IF_ERROR(fields.string("rvi", &r.release_version_indicator));
  CITADEL_RETURN_IF_ERROR(fields.string("vsi", &r.vendor_information));
  CITADEL_RETURN_IF_ERROR(fields.string("ot", &r.originating_timestamp));
  CITADEL_RETURN_IF_ERROR(fields.timeText("rset", &r.result_expiration_timestamp));
  CITADEL_RETURN_IF_ERROR(fields.eventCategory("ec", &r.event_category));
  std::optional<int64_t> cnst, cnot;
  CITADEL_RETURN_IF_ERROR(fields.integer(parameter(PrimitiveParameter::kContentStatus), &cnst));
  CITADEL_RETURN_IF_ERROR(fields.integer(parameter(PrimitiveParameter::kContentOffset), &cnot));
  if (cnst) r.content_status = static_cast<int>(*cnst);
  if (cnot) r.content_offset = static_cast<int>(*cnot);
  CITADEL_RETURN_IF_ERROR(fields.object("ati", &r.assigned_token_identifiers));
  CITADEL_RETURN_IF_ERROR(fields.object("tqf", &r.token_request_information));
  CITADEL_RETURN_IF_ERROR(fields.boolean("asri", &r.authorization_signature_request_information));
  return r;
}

}  // namespace citadel::codec
