// HTTP -> request primitive, TS-0009 §6.2 / §6.4 / §6.5.
#include <algorithm>
#include <charconv>

#include "bindings/http/http_message.h"
#include "cse/codec/primitive_parameters.h"
#include "cse/codec/query_parameters.h"
#include "cse/codec/text.h"

namespace citadel::http {
namespace {

using model::Json;
using model::Request;
using model::Result;
using model::Status;

constexpr size_t kMaxQueryParameters = 64;

constexpr codec::QuerySyntax kSyntax{"query parameter", "http.bad_query_value"};

// The ty parameter of Content-Type (TS-0009 §6.4.3).
Result<int64_t> parseResourceType(const std::string& value) {
  const codec::ParameterSpec& ty = codec::parameter(codec::PrimitiveParameter::kResourceType);
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() ||
      !codec::inRange(ty, out)) {
    return Status::badRequest("Content-Type parameter 'ty': '" + value + "' is not " +
                                  codec::rangeText(ty),
                              "http.bad_query_value");
  }
  return out;
}

// The elements of a '+'-joined list in a query value, split before percent-decoding so that an
// encoded "%2B" stays a literal '+' inside an element (TS-0009 §6.2.2.2).
std::vector<std::string> splitQueryList(std::string_view raw) {
  std::vector<std::string> out = codec::splitList(raw, '+');
  for (auto& element : out) {
    element = codec::percentDecode(element).value_or(element);  // the whole value decoded already
  }
  return out;
}

Status applyQuery(Request& request, std::string_view raw) {
  size_t count = 0;
  size_t start = 0;
  while (start < raw.size()) {
    size_t amp = raw.find('&', start);
    if (amp == std::string_view::npos) amp = raw.size();
    std::string_view pair = raw.substr(start, amp - start);
    start = amp + 1;
    if (pair.empty()) continue;
    if (++count > kMaxQueryParameters) {
      return Status::badRequest("more than 64 query parameters", "http.too_many_query");
    }
    size_t eq = pair.find('=');
    auto name = codec::percentDecode(pair.substr(0, eq));
    std::string_view raw_value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    auto value = codec::percentDecode(raw_value);
    if (!name || !value || name->empty()) {
      return Status::badRequest("malformed query parameter '" + std::string(pair) + "'",
                                "http.bad_query");
    }
    CITADEL_RETURN_IF_ERROR(codec::applyQueryParameter(
        request, {*name, *value, splitQueryList(raw_value)}, kSyntax));
  }
  return {};
}

// TS-0009 §6.2.1: "/~/x" is SP-relative "/x", "/_/x" is absolute "//x", "/x" CSE-relative "x".
Result<std::string> targetFromPath(std::string_view encoded) {
  // An encoded '/' would change the addressing form after decoding ("/%2Fid-in" -> "//id-in").
  if (encoded.find("%2F") != std::string_view::npos ||
      encoded.find("%2f") != std::string_view::npos) {
    return Status::badRequest("request path must not contain an encoded '/' (%2F)",
                              "http.bad_path");
  }
  auto path = codec::percentDecode(encoded);
  if (!path || path->empty() || (*path)[0] != '/') {
    return Status::badRequest("request path must start with '/' and be validly "
                              "percent-encoded", "http.bad_path");
  }
  std::string_view p = *path;
  if (p.starts_with("/~/")) return std::string(p.substr(2));
  if (p.starts_with("/_/")) return "/" + std::string(p.substr(2));
  if (p == "/~" || p == "/_") {
    return Status::badRequest("path '" + *path + "' names no CSE", "http.bad_path");
  }
  return std::string(p.substr(1));
}

struct MediaType {
  std::string type;                 // lower-case "application/json"
  std::optional<std::string> ty;    // the ty parameter, if any
};

MediaType parseMediaType(std::string_view header) {
  MediaType media;
  size_t semi = header.find(';');
  media.type = codec::trim(header.substr(0, semi));
  std::transform(media.type.begin(), media.type.end(), media.type.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  while (semi != std::string_view::npos) {
    size_t next = header.find(';', semi + 1);
    std::string_view param = codec::trim(header.substr(
        semi + 1, next == std::string_view::npos ? std::string_view::npos : next - semi - 1));
    if (param.starts_with("ty=")) media.ty = std::string(param.substr(3));
    semi = next;
  }
  return media;
}

// The first JSON or CBOR type named in an Accept header; nullopt when it names neither.
std::optional<codec::ContentFormat> acceptedFormat(std::string_view accept) {
  size_t start = 0;
  while (start < accept.size()) {
    size_t comma = accept.find(',', start);
    if (comma == std::string_view::npos) comma = accept.size();
    MediaType media = parseMediaType(accept.substr(start, comma - start));
    if (auto format = codec::formatForMediaType(media.type)) return format;
    start = comma + 1;
  }
  return std::nullopt;
}

// One X-M2M-* header (or Authorization) into its request parameter, TS-0009 §6.4.
void applyHeader(const codec::ParameterSpec& spec, std::string_view value, Request& request) {
  std::string_view text = codec::trim(value);
  switch (spec.id) {
    case codec::PrimitiveParameter::kNotificationUris:
      // Notification URIs joined with '&' (TS-0009 §6.4.1).
      for (std::string& uri : codec::splitList(text, '&')) {
        request.response_type.notification_uris.push_back(std::move(uri));
      }
      return;
    case codec::PrimitiveParameter::kTokens:
      // TS-0009 §6.4.19: the Tokens parameter, JWS/JWE compact strings joined with '+'. An
      // OAuth-style "Bearer " prefix (RFC 6750, TS-0009 §7.1) is tolerated.
      if (text.size() > 7 && codec::equalsIgnoreCase(text.substr(0, 7), "Bearer ")) {
        text = codec::trim(text.substr(7));
      }
      for (const std::string& token : codec::splitList(text, '+')) {
        std::string_view compact = codec::trim(token);
        if (!compact.empty()) request.tokens.emplace_back(compact);
      }
      return;
    default:
      if (spec.list != nullptr) {
        request.*spec.list = codec::splitList(text, '+');
      } else if (spec.text != nullptr) {
        request.*spec.text = text;
      }
      return;
  }
}

}  // namespace

Result<Request> decodeRequest(const HttpRequestParts& http, const DecodeLimits& limits,
                              codec::ContentFormat* response_format) {
  Request request;
  request.transport.binding = model::Binding::kHttp;
  if (http.headers.size() > limits.max_headers) {
    return Status::badRequest("more than " + std::to_string(limits.max_headers) +
                              " header fields", "http.too_many_headers");
  }
  std::optional<std::string> content_type;
  std::optional<codec::ContentFormat> accept;
  for (const auto& [name, value] : http.headers) {
    if (const codec::ParameterSpec* spec = codec::parameterForHttpHeader(name)) {
      if (spec->in_request) applyHeader(*spec, value, request);
    } else if (codec::equalsIgnoreCase(name, "Content-Type")) {
      content_type = value;
    } else if (codec::equalsIgnoreCase(name, "Accept") && !accept) {
      accept = acceptedFormat(value);
    }
  }
  if (http.method == "GET") {
    request.operation = model::Operation::kRetrieve;
  } else if (http.method == "PUT") {
    request.operation = model::Operation::kUpdate;
  } else if (http.method == "DELETE") {
    request.operation = model::Operation::kDelete;
  } else if (http.method == "POST") {
    request.operation = model::Operation::kNotify;  // CREATE when Content-Type has ty (below)
  } else {
    return Status::badRequest("HTTP method " + http.method + " does not map to a oneM2M "
                              "operation (use POST, GET, PUT or DELETE)", "http.bad_method");
  }
  CITADEL_ASSIGN_OR_RETURN(request.to, targetFromPath(http.path));
  CITADEL_RETURN_IF_ERROR(applyQuery(request, http.raw_query));

  codec::ContentFormat body_format = codec::ContentFormat::kJson;
  if (content_type) {
    MediaType media = parseMediaType(*content_type);
    auto format = codec::formatForMediaType(media.type);
    if (media.ty) {
      if (http.method != "POST") {
        return Status::badRequest("the ty parameter of Content-Type is only allowed on POST "
                                  "(CREATE)", "http.ty_not_post");
      }
      CITADEL_ASSIGN_OR_RETURN(int64_t ty, parseResourceType(*media.ty));
      request.operation = model::Operation::kCreate;
      request.resource_type = static_cast<uint16_t>(ty);
    }
    if (!http.body.empty() && !format) {
      return Status(model::Rsc::kUnsupportedMediaType, "Content-Type '" + media.type +
                    "' is not supported: use application/json or application/cbor",
                    "http.unsupported_media");
    }
    body_format = format.value_or(codec::ContentFormat::kJson);
  } else if (!http.body.empty()) {
    return Status(model::Rsc::kUnsupportedMediaType,
                  "a request body needs Content-Type: application/json or application/cbor",
                  "http.no_media_type");
  }
  if (response_format != nullptr) {
    *response_format = accept.value_or(body_format);
  }
  if (!http.body.empty()) {
    CITADEL_ASSIGN_OR_RETURN(request.content, codec::parseRequestContent(http.body, body_format, limits.body));
  }
  return request;
}

}  // namespace citadel::http
