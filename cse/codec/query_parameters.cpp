#include "cse/codec/query_parameters.h"

#include <charconv>
#include <set>

namespace citadel::codec {
namespace {

using model::Json;
using model::Request;
using model::Result;
using model::Status;

Result<int64_t> parseInteger(std::string_view name, std::string_view value, int64_t min,
                             int64_t max, const QuerySyntax& syntax) {
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() || out < min ||
      out > max) {
    return Status::badRequest(std::string(syntax.label) + " '" + std::string(name) + "': '" +
                                  std::string(value) + "' is not an integer in " +
                                  std::to_string(min) + ".." + std::to_string(max),
                              syntax.reason);
  }
  return out;
}

Result<bool> parseBoolean(std::string_view name, std::string_view value,
                          const QuerySyntax& syntax) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return Status::badRequest(std::string(syntax.label) + " '" + std::string(name) + "': '" +
                                std::string(value) + "' is not a boolean (true/false/1/0)",
                            syntax.reason);
}

// Filter-criteria members that may appear as parameters (TS-0004 §8.2.2; later releases'
// names accepted too). Integers are converted; the rest stay strings or lists.
const std::set<std::string, std::less<>> kFilterIntegers = {"sts", "stb", "sza", "szb", "lim",
                                                             "fu",  "fo",  "cfs", "lvl", "ofst"};
const std::set<std::string, std::less<>> kFilterLists = {"lbl",  "ty",   "cty", "clbl",
                                                          "palb", "chty", "pty"};
const std::set<std::string, std::less<>> kFilterStrings = {"crb", "cra", "ms",  "us",  "exb",
                                                            "exa", "smf", "cfq", "arp", "lbq"};

void append(std::vector<std::string>& to, const std::vector<std::string>& elements) {
  to.insert(to.end(), elements.begin(), elements.end());
}

Status applyFilterParameter(Request& r, const QueryParameter& p, const QuerySyntax& syntax) {
  if (!r.filter_criteria.is_object()) r.filter_criteria = Json::object();
  Json& fc = r.filter_criteria;
  std::string name(p.name);
  if (kFilterIntegers.contains(name)) {
    CITADEL_ASSIGN_OR_RETURN(int64_t v, parseInteger(name, p.value, 0, INT32_MAX, syntax));
    fc[name] = v;
  } else if (kFilterLists.contains(name)) {
    for (const auto& element : p.elements) {
      if (name == "ty" || name == "chty" || name == "pty") {
        CITADEL_ASSIGN_OR_RETURN(int64_t ty, parseInteger(name, element, 0, 65535, syntax));
        fc[name].push_back(ty);
      } else {
        fc[name].push_back(element);
      }
    }
  } else if (kFilterStrings.contains(name)) {
    fc[name] = std::string(p.value);
  } else {
    // TS-0009 §6.2.2.2: any other name is an attribute filter, <attrShortName>=<value>.
    fc["atr"].push_back({{"nm", name}, {"val", std::string(p.value)}});
  }
  return {};
}

}  // namespace

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

Status applyQueryParameter(Request& r, const QueryParameter& p, const QuerySyntax& syntax) {
  std::string_view name = p.name;
  if (name == "rcn") {
    CITADEL_ASSIGN_OR_RETURN(int64_t v, parseInteger(name, p.value, 0, 10, syntax));
    r.result_content = static_cast<model::ResultContent>(v);
  } else if (name == "rt") {
    CITADEL_ASSIGN_OR_RETURN(int64_t v, parseInteger(name, p.value, 1, 5, syntax));
    r.response_type.value = static_cast<model::ResponseTypeValue>(v);
  } else if (name == "drt") {
    CITADEL_ASSIGN_OR_RETURN(int64_t v, parseInteger(name, p.value, 1, 2, syntax));
    r.desired_identifier_result_type = static_cast<model::DesiredIdResultType>(v);
  } else if (name == "rp") {
    r.result_persistence = std::string(p.value);
  } else if (name == "da") {
    CITADEL_ASSIGN_OR_RETURN(r.delivery_aggregation, parseBoolean(name, p.value, syntax));
  } else if (name == "tqi") {
    CITADEL_ASSIGN_OR_RETURN(r.token_request_indicator, parseBoolean(name, p.value, syntax));
  } else if (name == "asi") {
    CITADEL_ASSIGN_OR_RETURN(r.authorization_signature_indicator,
                             parseBoolean(name, p.value, syntax));
  } else if (name == "auri") {
    CITADEL_ASSIGN_OR_RETURN(r.authorization_relationship_indicator,
                             parseBoolean(name, p.value, syntax));
  } else if (name == "sqi") {
    CITADEL_ASSIGN_OR_RETURN(r.semantic_query_indicator, parseBoolean(name, p.value, syntax));
  } else if (name == "rids") {
    append(r.role_ids, p.elements);
  } else if (name == "tids") {
    append(r.token_ids, p.elements);
  } else if (name == "ltids") {
    append(r.local_token_ids, p.elements);
  } else if (name == "atrl") {
    append(r.attribute_list, p.elements);
  } else {
    return applyFilterParameter(r, p, syntax);
  }
  return {};
}

}  // namespace citadel::codec
