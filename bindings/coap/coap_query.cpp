// Uri-Query <-> primitive parameters, TS-0008 §6.2.2.3 (names from TS-0004 §8.2.2).
#include "bindings/coap/coap_query.h"

#include <charconv>

#include "cse/codec/primitive_parameters.h"
#include "cse/codec/query_parameters.h"
#include "cse/codec/text.h"

namespace citadel::coap {
namespace {

using model::Json;
using model::Request;
using model::Result;
using model::Status;

constexpr codec::QuerySyntax kSyntax{"Uri-Query", "coap.bad_query_value"};

// CoAP options are not percent-encoded: the value and its '+'-separated elements are literal.
// `op` (non-blocking requests over POST, TS-0008 §6.2.1) and `tkns` are CoAP's own; the rest is
// the table shared with the HTTP binding.
Status applyParameter(Request& r, const std::string& name, std::string_view value,
                      std::optional<model::Operation>* operation) {
  if (name == "op") {
    const codec::ParameterSpec& spec = codec::parameter(codec::PrimitiveParameter::kOperation);
    int64_t op = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), op);
    if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() ||
        !codec::inRange(spec, op)) {
      return Status::badRequest("Uri-Query 'op': '" + std::string(value) + "' is not " +
                                    codec::rangeText(spec),
                                "coap.bad_query_value");
    }
    *operation = static_cast<model::Operation>(op);
    return {};
  }
  std::vector<std::string> elements = codec::splitList(value, '+');
  if (name == "tkns") {
    r.tokens.insert(r.tokens.end(), elements.begin(), elements.end());
    return {};
  }
  return codec::applyQueryParameter(r, {name, value, std::move(elements)}, kSyntax);
}

}  // namespace

Status applyUriQuery(const std::vector<std::string>& uri_query, size_t max_parameters,
                     Request& request, std::optional<model::Operation>* operation) {
  if (uri_query.size() > max_parameters) {
    return Status::badRequest("more than " + std::to_string(max_parameters) +
                                  " Uri-Query options",
                              "coap.too_many_query");
  }
  for (const std::string& query : uri_query) {
    // RFC 7252 §6.4/§6.5: an empty Uri-Query option composes to an empty query component ("?"),
    // which carries no parameter; libcoap's and other clients send one for a URI without a
    // query, so it is skipped rather than refused (issue 24 #19).
    if (query.empty()) continue;
    size_t eq = query.find('=');
    std::string name = query.substr(0, eq);
    std::string_view value =
        eq == std::string::npos ? std::string_view() : std::string_view(query).substr(eq + 1);
    if (name.empty() || query.find('\0') != std::string::npos) {
      return Status::badRequest("malformed Uri-Query option '" + query +
                                    "': expected name=value",
                                "coap.bad_query");
    }
    CITADEL_RETURN_IF_ERROR(applyParameter(request, name, value, operation));
  }
  return {};
}

std::vector<std::string> uriQueryFor(const Request& r, bool include_operation) {
  std::vector<std::string> out;
  for (const auto& parameter : codec::queryParametersOf(r, include_operation)) {
    std::string option = parameter.name + "=";
    for (size_t i = 0; i < parameter.elements.size(); ++i) {
      if (i > 0) option.push_back('+');
      option += parameter.elements[i];
    }
    out.push_back(std::move(option));
  }
  return out;
}

}  // namespace citadel::coap
