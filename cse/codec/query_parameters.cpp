#include "cse/codec/query_parameters.h"

#include <charconv>
#include <set>

#include "cse/codec/primitive_parameters.h"

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
const std::set<std::string, std::less<>> kFilterIntegers = {
    "sts", "stb", "sza", "szb", "lim", "fu", "fo", "cfs", "lvl", "ofst", "gmty", "gsf"};
const std::set<std::string, std::less<>> kFilterLists = {"lbl",  "ty",   "cty", "clbl",
                                                          "palb", "chty", "pty"};
const std::set<std::string, std::less<>> kFilterStrings = {
    "crb", "cra", "ms", "us", "exb", "exa", "smf", "cfq", "arp", "lbq", "geom"};

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
    // An empty list ("chty=" or a bare "lbl") names no type or label: refused, not read as a
    // filter with no member (which would change nothing but the request's shape).
    if (p.elements.empty()) {
      return Status::badRequest(std::string(syntax.label) + " '" + name +
                                    "' has no value: give one or more, separated by '+'",
                                syntax.reason);
    }
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
    // TS-0009 §6.2.2.2: any other name is an attribute filter, <attrShortName>=<value>;
    // 'c.' and 'p.' prefix childAttribute and parentAttribute. The engine refuses names that
    // are no attribute (so an unknown parameter is 4000 there, where the types are known).
    const char* member = name.starts_with("c.") ? "catr" : name.starts_with("p.") ? "patr" : "atr";
    std::string attribute = member == std::string_view("atr") ? name : name.substr(2);
    fc[member].push_back({{"nm", attribute}, {"val", std::string(p.value)}});
  }
  return {};
}

// rcn, rt and drt: integers in the table's range, each held in an enum-typed field.
Status applyIntegerParameter(Request& r, const ParameterSpec& spec, const QueryParameter& p,
                             const QuerySyntax& syntax) {
  CITADEL_ASSIGN_OR_RETURN(int64_t v, parseInteger(p.name, p.value, spec.min, spec.max, syntax));
  switch (spec.id) {
    case PrimitiveParameter::kResultContent:
      r.result_content = static_cast<model::ResultContent>(v);
      break;
    case PrimitiveParameter::kResponseType:
      r.response_type.value = static_cast<model::ResponseTypeValue>(v);
      break;
    case PrimitiveParameter::kDesiredIdResultType:
      r.desired_identifier_result_type = static_cast<model::DesiredIdResultType>(v);
      break;
    default:
      // A query row without a field mapping is a table error, not an input error.
      return Status::internal("query parameter '" + std::string(p.name) + "' has no mapping");
  }
  return {};
}

}  // namespace

Status applyQueryParameter(Request& r, const QueryParameter& p, const QuerySyntax& syntax) {
  const ParameterSpec* spec = parameterForQuery(p.name);
  if (spec == nullptr) return applyFilterParameter(r, p, syntax);
  if (spec->flag != nullptr) {
    CITADEL_ASSIGN_OR_RETURN(r.*spec->flag, parseBoolean(p.name, p.value, syntax));
  } else if (spec->list != nullptr) {
    append(r.*spec->list, p.elements);
  } else if (spec->text != nullptr) {
    r.*spec->text = std::string(p.value);
  } else {
    return applyIntegerParameter(r, *spec, p, syntax);
  }
  return {};
}

namespace {

std::string scalarText(const model::Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

void appendFilterCriteria(const model::Json& fc, std::vector<EncodedQueryParameter>& out) {
  if (!fc.is_object()) return;
  for (const auto& [name, value] : fc.items()) {
    if ((name == "atr" || name == "catr" || name == "patr") && value.is_array()) {
      // TS-0009 §6.2.2.2 / TS-0008: <name>=<value>, 'c.'/'p.' for child/parent attributes.
      std::string prefix = name == "atr" ? "" : name == "catr" ? "c." : "p.";
      for (const auto& atr : value) {
        if (atr.is_object() && atr.contains("nm") && atr.contains("val")) {
          out.push_back({prefix + scalarText(atr["nm"]), {scalarText(atr["val"])}});
        }
      }
    } else if (value.is_array()) {
      std::vector<std::string> items;
      for (const auto& item : value) items.push_back(scalarText(item));
      out.push_back({name, std::move(items)});
    } else {
      out.push_back({name, {scalarText(value)}});
    }
  }
}

}  // namespace

std::vector<EncodedQueryParameter> queryParametersOf(const model::Request& r,
                                                     bool include_operation) {
  std::vector<EncodedQueryParameter> out;
  auto number = [&out](const char* name, int64_t value) {
    out.push_back({name, {std::to_string(value)}});
  };
  auto flag = [&out](const char* name, const std::optional<bool>& value) {
    if (value) out.push_back({name, {*value ? "true" : "false"}});
  };
  auto list = [&out](const char* name, const std::vector<std::string>& values) {
    if (!values.empty()) out.push_back({name, values});
  };
  if (include_operation) number("op", static_cast<int>(r.operation));
  if (r.response_type.value != model::ResponseTypeValue::kBlockingRequest) {
    number("rt", static_cast<int>(r.response_type.value));
  }
  if (!r.result_persistence.empty()) out.push_back({"rp", {r.result_persistence}});
  if (r.result_content) number("rcn", static_cast<int>(*r.result_content));
  flag("da", r.delivery_aggregation);
  appendFilterCriteria(r.filter_criteria, out);
  if (r.desired_identifier_result_type) {
    number("drt", static_cast<int>(*r.desired_identifier_result_type));
  }
  flag("tqi", r.token_request_indicator);
  list("tkns", r.tokens);
  list("tids", r.token_ids);
  list("ltids", r.local_token_ids);
  list("rids", r.role_ids);
  flag("auri", r.authorization_relationship_indicator);
  flag("asi", r.authorization_signature_indicator);
  flag("sqi", r.semantic_query_indicator);
  list("atrl", r.attribute_list);
  return out;
}

}  // namespace citadel::codec
