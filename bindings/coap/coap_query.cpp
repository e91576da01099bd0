// Uri-Query <-> primitive parameters, TS-0008 §6.2.2.3 (names from TS-0004 §8.2.2).
#include "bindings/coap/coap_query.h"

#include <charconv>
#include <set>

namespace citadel::coap {
namespace {

using model::Json;
using model::Request;
using model::Result;
using model::Status;

// TODO(lead): the parameter table below mirrors bindings/http/http_request_decoder.cpp; both
// could share one cse/codec/query_parameters table.

Result<int64_t> parseInteger(const std::string& name, std::string_view value, int64_t min,
                             int64_t max) {
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() || out < min ||
      out > max) {
    return Status::badRequest("Uri-Query '" + name + "': '" + std::string(value) +
                                  "' is not an integer in " + std::to_string(min) + ".." +
                                  std::to_string(max),
                              "coap.bad_query_value");
  }
  return out;
}

Result<bool> parseBoolean(const std::string& name, std::string_view value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return Status::badRequest("Uri-Query '" + name + "': '" + std::string(value) +
                                "' is not a boolean (true/false/1/0)",
                            "coap.bad_query_value");
}

std::vector<std::string> splitPlus(std::string_view value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t plus = value.find('+', start);
    if (plus == std::string_view::npos) plus = value.size();
    if (plus > start) out.emplace_back(value.substr(start, plus - start));
    start = plus + 1;
  }
  return out;
}

// Filter-criteria members that may appear in the query (TS-0004 §8.2.2; later releases' names
// accepted too), as in the HTTP binding.
const std::set<std::string, std::less<>> kFilterIntegers = {"sts", "stb", "sza", "szb", "lim",
                                                             "fu",  "fo",  "cfs", "lvl", "ofst"};
const std::set<std::string, std::less<>> kFilterLists = {"lbl",  "ty",   "cty", "clbl",
                                                          "palb", "chty", "pty"};
const std::set<std::string, std::less<>> kFilterStrings = {"crb", "cra", "ms",  "us",  "exb",
                                                            "exa", "smf", "cfq", "arp", "lbq"};

void appendAll(std::vector<std::string>& to, std::string_view value) {
  for (auto& v : splitPlus(value)) to.push_back(std::move(v));
}

Status applyFilterParameter(Request& r, const std::string& name, std::string_view value) {
  if (!r.filter_criteria.is_object()) r.filter_criteria = Json::object();
  Json& fc = r.filter_criteria;
  if (kFilterIntegers.contains(name)) {
    CITADEL_ASSIGN_OR_RETURN(int64_t v, parseInteger(name, value, 0, INT32_MAX));
    fc[name] = v;
  } else if (kFilterLists.contains(name)) {
    for (auto& v : splitPlus(value)) {
      if (name == "ty" || name == "chty" || name == "pty") {
        CITADEL_ASSIGN_OR_RETURN(int64_t ty, parseInteger(name, v, 0, 65535));
        fc[name].push_back(ty);
      } else {
        fc[name].push_back(std::move(v));
      }
    }
  } else if (kFilterStrings.contains(name)) {
    fc[name] = std::string(value);
  } else {
    // Any other name is an attribute filter, <attrShortName>=<value> (as TS-0009 §6.2.2.2).
    fc["atr"].push_back({{"nm", name}, {"val", std::string(value)}});
  }
  return {};
}

Status applyParameter(Request& r, const std::string& name, std::string_view value,
                      std::optional<model::Operation>* operation) {
  if (name == "op") {
    CITADEL_ASSIGN_OR_RETURN(int64_t v, parseInteger(name, value, 1, 5));
    *operation = static_cast<model::Operation>(v);
  } else if (name == "rcn") {
    CITADEL_ASSIGN_OR_RETURN(int64_t v, parseInteger(name, value, 0, 10));
    r.result_content = static_cast<model::ResultContent>(v);
  } else if (name == "rt") {
    CITADEL_ASSIGN_OR_RETURN(int64_t v, parseInteger(name, value, 1, 5));
    r.response_type.value = static_cast<model::ResponseTypeValue>(v);
  } else if (name == "drt") {
    CITADEL_ASSIGN_OR_RETURN(int64_t v, parseInteger(name, value, 1, 2));
    r.desired_identifier_result_type = static_cast<model::DesiredIdResultType>(v);
  } else if (name == "rp") {
    r.result_persistence = std::string(value);
  } else if (name == "da") {
    CITADEL_ASSIGN_OR_RETURN(r.delivery_aggregation, parseBoolean(name, value));
  } else if (name == "tqi") {
    CITADEL_ASSIGN_OR_RETURN(r.token_request_indicator, parseBoolean(name, value));
  } else if (name == "asi") {
    CITADEL_ASSIGN_OR_RETURN(r.authorization_signature_indicator, parseBoolean(name, value));
  } else if (name == "auri") {
    CITADEL_ASSIGN_OR_RETURN(r.authorization_relationship_indicator, parseBoolean(name, value));
  } else if (name == "sqi") {
    CITADEL_ASSIGN_OR_RETURN(r.semantic_query_indicator, parseBoolean(name, value));
  } else if (name == "rids") {
    appendAll(r.role_ids, value);
  } else if (name == "tkns") {
    appendAll(r.tokens, value);
  } else if (name == "tids") {
    appendAll(r.token_ids, value);
  } else if (name == "ltids") {
    appendAll(r.local_token_ids, value);
  } else if (name == "atrl") {
    appendAll(r.attribute_list, value);
  } else {
    return applyFilterParameter(r, name, value);
  }
  return {};
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
    if (name == "atr" && value.is_array()) {
      for (const auto& atr : value) {
        if (atr.is_object() && atr.contains("nm") && atr.contains("val")) {
          out.push_back(scalarText(atr["nm"]) + "=" + scalarText(atr["val"]));
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
