// CoAP request -> request primitive, TS-0008 §6.2.1 (method), §6.2.2 (options, Uri-Path,
// Uri-Query, Content-Format/Accept) and §6.2.3 (payload).
#include <set>
#include <utility>

#include "bindings/coap/coap_message.h"
#include "bindings/coap/coap_query.h"
#include "cse/codec/primitive_parameters.h"
#include "cse/codec/text.h"

namespace citadel::coap {
namespace {

using model::Operation;
using model::Request;
using model::Result;
using model::Status;

// Longest accepted values. TS-0008 gives 15 for timestamps, but a timestamp with a fraction
// ("20240101T120000,123456") is longer; RVI is "1-2" but later releases may grow it.
constexpr size_t kMaxTimestamp = 32;
constexpr size_t kMaxRvi = 8;
constexpr size_t kMaxString = 255;
constexpr size_t kMaxGtm = 512;

Status badValue(uint16_t number, const std::string& what) {
  return Status::badRequest(optionName(number) + ": " + what, "coap.bad_option_value");
}

Result<std::string> stringValue(uint16_t number, const std::string& raw, size_t min_len,
                                size_t max_len) {
  if (raw.size() < min_len || raw.size() > max_len) {
    return badValue(number, "expected " + std::to_string(min_len) + "-" +
                                std::to_string(max_len) + " bytes, got " +
                                std::to_string(raw.size()));
  }
  if (raw.find('\0') != std::string::npos) {
    return badValue(number, "must not contain a NUL byte");
  }
  return raw;
}

// RFC 7252 §3.2 uint: big-endian, leading zero bytes may be omitted (zero length is 0).
Result<uint32_t> uintValue(uint16_t number, const std::string& raw, size_t max_len) {
  if (raw.size() > max_len) {
    return badValue(number, "expected an unsigned integer of at most " +
                                std::to_string(max_len) + " bytes, got " +
                                std::to_string(raw.size()));
  }
  uint32_t value = 0;
  for (unsigned char c : raw) value = value << 8 | c;
  return value;
}

struct OptionOutcome {
  std::optional<uint16_t> resource_type;
};

// TS-0008 §6.2.2.4: the longest value a string option may carry, by parameter.
std::pair<size_t, size_t> lengthRange(const codec::ParameterSpec& spec) {
  if (spec.id == codec::PrimitiveParameter::kReleaseVersionIndicator) return {1, kMaxRvi};
  if (spec.id == codec::PrimitiveParameter::kGroupRequestTargetMembers) return {0, kMaxGtm};
  if (spec.type == codec::ParameterType::kTimestamp ||
      spec.type == codec::ParameterType::kAbsRelTimestamp) {
    return {0, kMaxTimestamp};
  }
  return {0, kMaxString};
}

// One oneM2M option into its primitive parameter (TS-0008 §6.2.2.4.1-§6.2.2.4.20).
Status applyOneM2mOption(const codec::ParameterSpec& spec, const std::string& raw, Request& r,
                         OptionOutcome& out) {
  // RSC, CTO, CTS, ATI and ASRI are response parameters: understood, unused in requests.
  if (!spec.in_request) return {};
  uint16_t number = spec.coap_option;
  auto [min_len, max_len] = lengthRange(spec);
  switch (spec.id) {
    case codec::PrimitiveParameter::kEventCategory: {
      // TS-0008 says uint 1, but user-defined categories (100-999) need 2 bytes.
      CITADEL_ASSIGN_OR_RETURN(uint32_t ec, uintValue(number, raw, 2));
      r.event_category = std::to_string(ec);
      return {};
    }
    case codec::PrimitiveParameter::kResourceType: {
      CITADEL_ASSIGN_OR_RETURN(uint32_t ty, uintValue(number, raw, 2));
      if (!codec::inRange(spec, ty)) {
        return badValue(number, "resource type " + std::to_string(ty) + " does not exist");
      }
      out.resource_type = static_cast<uint16_t>(ty);
      return {};
    }
    case codec::PrimitiveParameter::kNotificationUris: {
      // Several notification URIs are joined with '&', as in the HTTP binding's X-M2M-RTU.
      CITADEL_ASSIGN_OR_RETURN(std::string joined, stringValue(number, raw, min_len, max_len));
      r.response_type.notification_uris = codec::splitList(joined, '&');
      return {};
    }
    default:
      break;
  }
  if (spec.list != nullptr) {
    CITADEL_ASSIGN_OR_RETURN(std::string joined, stringValue(number, raw, min_len, max_len));
    r.*spec.list = codec::splitList(joined, '+');
  } else if (spec.text != nullptr) {
    CITADEL_ASSIGN_OR_RETURN(r.*spec.text, stringValue(number, raw, min_len, max_len));
  }
  return {};
}

Status badOption(uint16_t number, const std::string& why) {
  return Status(model::Rsc::kBadRequest, optionName(number) + ": " + why, kBadOptionReason);
}

// Every option other than Uri-Path and Uri-Query (RFC 7252 §5.4: critical ones must be
// understood; elective ones we do not use are ignored).
Status applyOptions(const CoapRequestParts& coap, const DecodeLimits& limits, Request& r,
                    OptionOutcome& out) {
  if (coap.options.size() > limits.max_options) {
    return Status::badRequest("more than " + std::to_string(limits.max_options) + " options",
                              "coap.too_many_options");
  }
  std::set<uint16_t> seen;
  for (const auto& [number, raw] : coap.options) {
    bool repeated = !seen.insert(number).second;
    if (const codec::ParameterSpec* spec = codec::parameterForCoapOption(number)) {
      // RFC 7252 §5.4.5: a repeated non-repeatable option is treated as unrecognized.
      if (repeated) return badOption(number, "appears more than once and is not repeatable");
      CITADEL_RETURN_IF_ERROR(applyOneM2mOption(*spec, raw, r, out));
      continue;
    }
    switch (number) {
      case option::kUriHost:
      case option::kUriPort:
        // RFC 7252 §6.4: they name this server; a CSE serving one host ignores them.
        if (repeated) return badOption(number, "appears more than once and is not repeatable");
        break;
      case option::kContentFormat:
      case option::kAccept:
        // RFC 7252 §5.4.5: a repeated Accept (critical, not repeatable) is a bad option (4.02).
        if (number == option::kAccept && coap.accept && decodeUint(raw, 2)) {
          return badOption(number, "appears more than once and is not repeatable");
        }
        // Otherwise present here only when the value is not a 0-2 byte uint.
        return badValue(number, "expected an unsigned integer of at most 2 bytes, got " +
                                    std::to_string(raw.size()));
      case option::kProxyUri:
      case option::kProxyScheme:
        return Status(model::Rsc::kNotImplemented,
                      optionName(number) + ": this CSE is not a CoAP proxy",
                      kProxyingReason);
      default:
        if (isCritical(number)) {
          // RFC 7252 §5.4.1 (If-Match, If-None-Match, OSCORE and unknown numbers included).
          return badOption(number, "unrecognized critical option");
        }
        break;  // elective: silently ignored
    }
  }
  return {};
}

// TS-0008 §6.2.2.3, Table 6.2.2.3-1: "~" starts SP-relative, "_" absolute, else CSE-relative.
Result<std::string> targetFromPath(const std::vector<std::string>& segments,
                                   const DecodeLimits& limits) {
  if (segments.empty()) {
    return Status::badRequest("the request has no Uri-Path: it names no target (To)",
                              "coap.bad_path");
  }
  if (segments.size() > limits.max_path_segments) {
    return Status::badRequest("more than " + std::to_string(limits.max_path_segments) +
                                  " Uri-Path options",
                              "coap.bad_path");
  }
  std::string to;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& s = segments[i];
    // A '/' inside one option would change the addressing form once joined.
    if (s.empty() || s.find('/') != std::string::npos || s.find('\0') != std::string::npos) {
      return Status::badRequest("Uri-Path option " + std::to_string(i + 1) + " ('" + s +
                                    "') must be a non-empty segment without '/' or NUL",
                                "coap.bad_path");
    }
    if (i > 0) to.push_back('/');
    to += s;
  }
  if (segments[0] == "~" || segments[0] == "_") {
    if (segments.size() == 1) {
      return Status::badRequest("Uri-Path '" + segments[0] + "' names no CSE", "coap.bad_path");
    }
    return (segments[0] == "~" ? "/" : "//") + to.substr(2);
  }
  return to;
}

Result<Operation> operationForMethod(uint8_t method) {
  switch (method) {
    case method::kGet: return Operation::kRetrieve;
    case method::kPut: return Operation::kUpdate;
    case method::kDelete: return Operation::kDelete;
    case method::kPost: return Operation::kNotify;  // CREATE with oneM2M-TY (below)
    default: break;
  }
  return Status::operationNotAllowed("CoAP method " + codeString(method) +
                                         " does not map to a oneM2M operation (use GET, POST, "
                                         "PUT or DELETE, TS-0008 Table 6.2.1-1)",
                                     "coap.bad_method");
}

// TS-0008 §6.2.1: POST is CREATE with oneM2M-TY, NOTIFY without; non-blocking requests name
// the operation in Uri-Query `op`, and only on POST.
Status resolveOperation(const CoapRequestParts& coap, const OptionOutcome& options,
                        std::optional<Operation> op_query, Request& r) {
  bool post = coap.method == method::kPost;
  if (op_query && !post) {
    return Status::badRequest("Uri-Query 'op' is only allowed on POST (TS-0008 §6.2.1)",
                              "coap.op_not_post");
  }
  if (options.resource_type && !post) {
    return Status::badRequest("oneM2M-TY (267) is only allowed on POST (CREATE)",
                              "coap.ty_not_post");
  }
  if (op_query) {
    r.operation = *op_query;
  } else if (post && options.resource_type) {
    r.operation = Operation::kCreate;
  }
  if (r.operation == Operation::kCreate && !options.resource_type) {
    return Status::badRequest("CREATE needs the oneM2M-TY (267) option", "coap.ty_missing");
  }
  if (r.operation != Operation::kCreate && options.resource_type) {
    return Status::badRequest("oneM2M-TY (267) is only allowed with CREATE", "coap.ty_not_create");
  }
  r.resource_type = options.resource_type;
  return {};
}

std::string supportedFormats() {
  return "50 (json), 60 (cbor), 10001/10003 (oneM2M +json), 10010/10011 (oneM2M +cbor)";
}

}  // namespace

Result<Request> decodeRequest(const CoapRequestParts& coap, const DecodeLimits& limits,
                              ResponseContext* context) {
  ResponseContext ignored;
  ResponseContext& ctx = context != nullptr ? *context : ignored;
  Request request;
  request.transport.binding = model::Binding::kCoap;
  if (coap.accept && formatForContentFormat(*coap.accept)) {
    ctx.content_format = *coap.accept;
  } else if (coap.content_format && formatForContentFormat(*coap.content_format)) {
    ctx.content_format = contentFormatFor(*formatForContentFormat(*coap.content_format));
  }
  CITADEL_ASSIGN_OR_RETURN(request.operation, operationForMethod(coap.method));
  ctx.operation = request.operation;
  OptionOutcome options;
  CITADEL_RETURN_IF_ERROR(applyOptions(coap, limits, request, options));
  CITADEL_ASSIGN_OR_RETURN(request.to, targetFromPath(coap.uri_path, limits));
  std::optional<Operation> op_query;
  CITADEL_RETURN_IF_ERROR(
      applyUriQuery(coap.uri_query, limits.max_query_parameters, request, &op_query));
  CITADEL_RETURN_IF_ERROR(resolveOperation(coap, options, op_query, request));
  ctx.operation = request.operation;
  if (coap.accept && !formatForContentFormat(*coap.accept)) {
    // TS-0008 §6.2.2.2: an Accept the CSE does not support is answered 4.06.
    return Status(model::Rsc::kNotAcceptable,
                  "Accept " + std::to_string(*coap.accept) + " is not supported: use " +
                      supportedFormats(),
                  "coap.not_acceptable");
  }
  if (coap.payload.empty()) {
    return request;
  }
  if (!coap.content_format) {
    return Status(model::Rsc::kUnsupportedMediaType,
                  "a payload needs a Content-Format option: " + supportedFormats(),
                  "coap.no_content_format");
  }
  auto format = formatForContentFormat(*coap.content_format);
  if (!format) {
    return Status(model::Rsc::kUnsupportedMediaType,
                  "Content-Format " + std::to_string(*coap.content_format) +
                      " is not supported: use " + supportedFormats(),
                  "coap.unsupported_content_format");
  }
  CITADEL_ASSIGN_OR_RETURN(request.content, codec::parseRequestContent(coap.payload, *format, limits.payload));
  return request;
}

}  // namespace citadel::coap
