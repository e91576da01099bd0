#include "bindings/http/http_request_encoder.h"

#include "cse/codec/primitive_parameters.h"
#include "cse/codec/query_parameters.h"

namespace citadel::http {
namespace {

std::string joined(const std::vector<std::string>& values, char separator) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(separator);
    out += values[i];
  }
  return out;
}

}  // namespace

std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

EncodedHttpParameters encodeRequestParameters(const model::Request& request) {
  EncodedHttpParameters out;
  for (const codec::ParameterSpec& spec : codec::parameter_rows::kParameters) {
    if (!spec.in_request || spec.http_header.empty()) continue;
    std::string value;
    if (spec.id == codec::PrimitiveParameter::kNotificationUris) {
      value = joined(request.response_type.notification_uris, '&');  // TS-0009 §6.4.1
    } else if (spec.id == codec::PrimitiveParameter::kTokens) {
      if (!request.tokens.empty()) value = "Bearer " + joined(request.tokens, '+');  // §6.4.19
    } else if (spec.text != nullptr) {
      value = request.*spec.text;
    } else if (spec.list != nullptr) {
      value = joined(request.*spec.list, '+');
    }
    if (!value.empty()) out.headers.emplace_back(std::string(spec.http_header), std::move(value));
  }
  for (const auto& parameter : codec::queryParametersOf(request, /*include_operation=*/false)) {
    if (parameter.name == "tkns") continue;  // in Authorization, above
    if (!out.query.empty()) out.query.push_back('&');
    out.query += percentEncode(parameter.name);
    out.query.push_back('=');
    for (size_t i = 0; i < parameter.elements.size(); ++i) {
      if (i > 0) out.query.push_back('+');
      out.query += percentEncode(parameter.elements[i]);
    }
  }
  return out;
}

}  // namespace citadel::http
