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

std::string joinPlus(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out.push_back('+');
    out += v;
  }
  return out;
}

std::string scalarText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

void appendFilterCriteria(const Json& fc, std::vector<std::string>& out) {
  if (!fc.is_object()) return;
  for (const auto& [name, value] : fc.items()) {
    if ((name == "atr" || name == "catr" || name == "patr") && value.is_array()) {
      // TS-0009 §6.2.2.2 / TS-0008: <name>=<value>, 'c.'/'p.' for child/parent attributes.
      std::string prefix = name == "atr" ? "" : name == "catr" ? "c." : "p.";
      for (const auto& atr : value) {
        if (atr.is_object() && atr.contains("nm") && atr.contains("val")) {
          out.push_back(prefix + scalarText(atr["nm"]) + "=" + scalarText(atr["val"]));
        }
      }
    } else if (value.is_array()) {
      std::vector<std::string> items;
      for (const auto& item : value) items.push_back(scalarText(item));
      out.push_back(name + "=" + joinPlus(items));
    } else {
      out.push_back(name + "=" + scalarText(value));
    }
  }
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
  if (include_operation) {
    out.push_back("op=" + std::to_string(static_cast<int>(r.operation)));
  }
  if (r.response_type.value != model::ResponseTypeValue::kBlockingRequest) {
    out.push_back("rt=" + std::to_string(static_cast<int>(r.response_type.value)));
  }
  if (!r.result_persistence.empty()) out.push_back("rp=" + r.result_persistence);
  if (r.result_content) {
    out.push_back("rcn=" + std::to_string(static_cast<int>(*r.result_content)));
  }
  if (r.delivery_aggregation) out.push_back(std::string("da=") + (*r.delivery_aggregation ? "true" : "false"));
  appendFilterCriteria(r.filter_criteria, out);
  if (r.desired_identifier_result_type) {
    out.push_back("drt=" + std::to_string(static_cast<int>(*r.desired_identifier_result_type)));
  }
  auto flag = [&out](const char* name, const std::optional<bool>& value) {
    if (value) out.push_back(std::string(name) + "=" + (*value ? "true" : "false"));
  };
  flag("tqi", r.token_request_indicator);
  if (!r.tokens.empty()) out.push_back("tkns=" + joinPlus(r.tokens));
  if (!r.token_ids.empty()) out.push_back("tids=" + joinPlus(r.token_ids));
  if (!r.local_token_ids.empty()) out.push_back("ltids=" + joinPlus(r.local_token_ids));
  if (!r.role_ids.empty()) out.push_back("rids=" + joinPlus(r.role_ids));
  flag("auri", r.authorization_relationship_indicator);
  flag("asi", r.authorization_signature_indicator);
  flag("sqi", r.semantic_query_indicator);
  if (!r.attribute_list.empty()) out.push_back("atrl=" + joinPlus(r.attribute_list));
  return out;
}

}  // namespace citadel::coap
