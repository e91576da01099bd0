#include "resources/attribute_validator.h"

#include <string>

#include "cse/model/clock.h"
#include "cse/model/control_characters.h"
#include "cse/model/duration.h"
#include "resources/attribute_policy.h"
#include "resources/e2e_sec_info.h"
#include "resources/geo/geometry.h"
#include "resources/simple_data_types.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Status;

constexpr size_t kMaxResourceNameLength = 255;

bool hasValueType(ValueType type, const Json& value) {
  switch (type) {
    case ValueType::kString: return value.is_string();
    case ValueType::kXsToken:
      return value.is_string() && isToken(value.get_ref<const std::string&>());
    case ValueType::kSerialization:
      return value.is_string() && isSerialization(value.get_ref<const std::string&>());
    case ValueType::kContentInfo:
      return value.is_string() && isContentInfo(value.get_ref<const std::string&>());
    case ValueType::kResourceName:
      return value.is_string() && isValidResourceName(value.get_ref<const std::string&>());
    case ValueType::kId: {
      if (!value.is_string()) {
        return false;
      }
      const auto& s = value.get_ref<const std::string&>();
      // No spaces and no control character at all (issue 15 #14: IDs reach headers and logs).
      return !s.empty() && s.find(' ') == std::string::npos && !model::hasControlCharacter(s);
    }
    case ValueType::kNonNegInteger:
      return value.is_number_unsigned() || (value.is_number_integer() && value.get<int64_t>() >= 0);
    case ValueType::kPositiveInteger:
      return value.is_number_integer() && value.get<int64_t>() > 0;
    case ValueType::kBoolean: return value.is_boolean();
    case ValueType::kTimestamp:
      return value.is_string() &&
             model::parseTimestamp(value.get_ref<const std::string&>()).has_value();
    case ValueType::kAbsRelTimestamp:
      // The relative form is only checked for its syntax and range here: the reference time
      // does not matter for validity.
      return value.is_number_integer() ||
             (value.is_string() && model::parseAbsRelTimestamp(value.get_ref<const std::string&>(),
                                                               model::TimePoint{})
                                       .has_value());
    case ValueType::kDuration:
      return (value.is_number_integer() && value.get<int64_t>() >= 0) ||
             (value.is_string() &&
              model::parseDuration(value.get_ref<const std::string&>()).has_value());
    case ValueType::kObject: return value.is_object();
    case ValueType::kGeoCoordinates: return geo::parseGeoCoordinates(value, "loc").isOk();
    case ValueType::kE2eSecInfo: return checkE2eSecInfo(value, "esi").isOk();
    case ValueType::kAny: return !value.is_null();
  }
  return false;
}

Status typeError(const AttributePolicy& policy, bool element) {
  std::string dbg = "attribute '" + std::string(policy.short_name) + "' (" +
                    std::string(policy.long_name) + "): expected ";
  if (policy.is_list && !element) {
    dbg += "a list of ";
  }
  dbg += valueTypeName(policy.type);
  return Status::badRequest(std::move(dbg), "validate.wrong_type");
}

Status checkValue(const AttributePolicy& policy, const Json& value) {
  if (policy.type == ValueType::kGeoCoordinates && !policy.is_list) {
    // The geometry parser says which part of the coordinates is wrong.
    auto geometry = geo::parseGeoCoordinates(
        value, "attribute '" + std::string(policy.short_name) + "' (" +
                   std::string(policy.long_name) + ")");
    return geometry.isOk() ? Status::ok() : geometry.status();
  }
  if (policy.type == ValueType::kE2eSecInfo && !policy.is_list) {
    // Says which member is wrong.
    return checkE2eSecInfo(value, "attribute '" + std::string(policy.short_name) + "' (" +
                                      std::string(policy.long_name) + ")");
  }
  if (!policy.is_list) {
    return hasValueType(policy.type, value) ? Status::ok() : typeError(policy, false);
  }
  if (!value.is_array()) {
    return typeError(policy, false);
  }
  // m2m:labels and m2m:serializations (TS-0004 Table 6.3.3-1): "The list shall contain at least
  // one member"; absence of the attribute is how "none" is said.
  if ((policy.type == ValueType::kXsToken || policy.type == ValueType::kSerialization) &&
      value.empty()) {
    return Status::badRequest("attribute '" + std::string(policy.short_name) + "' (" +
                                  std::string(policy.long_name) +
                                  "): the list shall contain at least one member",
                              "validate.empty_list");
  }
  for (const auto& element : value) {
    if (!hasValueType(policy.type, element)) {
      return typeError(policy, true);
    }
  }
  return Status::ok();
}

}  // namespace

bool isValidResourceName(std::string_view name) {
  if (name.empty() || name.size() > kMaxResourceNameLength) {
    return false;
  }
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
      return false;
    }
  }
  return true;
}

Status validateAttributes(model::ResourceType type, RequestKind kind, const Json& attributes) {
  if (!attributes.is_object()) {
    return Status::badRequest("resource representation must be a JSON object",
                              "validate.not_object");
  }
  bool create = kind == RequestKind::kCreate;
  for (auto it = attributes.begin(); it != attributes.end(); ++it) {
    const AttributePolicy* policy = findPolicy(type, it.key());
    if (policy == nullptr) {
      return Status::badRequest("unknown attribute '" + it.key() + "' for this resource type",
                                "validate.unknown_attribute");
    }
    Optionality optionality = create ? policy->on_create : policy->on_update;
    // TS-0001 §9.6.1.3: creator is given as null on CREATE and filled in by the CSE.
    bool creator_placeholder = create && policy->short_name == "cr" && it->is_null();
    if (optionality == Optionality::kNotPermitted && !creator_placeholder) {
      return Status::badRequest("attribute '" + it.key() + "' is not permitted in " +
                                (create ? "CREATE" : "UPDATE") +
                                (create ? "" : " (read-only or write-once)"),
                                "validate.not_permitted");
    }
    // TS-0001 §10.1.2: "In the event that the originator provides a value for the creator
    // attribute within the request, this request shall be deemed invalid."
    if (create && policy->short_name == "cr" && !it->is_null()) {
      return Status::badRequest("creator (cr) must be given as null: the CSE sets it to the "
                                "originator", "validate.creator_value");
    }
    if (it->is_null()) {
      // UPDATE with null deletes an optional attribute; one that is mandatory on CREATE has
      // cardinality 1 and cannot be deleted.
      if (creator_placeholder || (!create && optionality == Optionality::kOptional &&
                                  policy->on_create != Optionality::kMandatory)) {
        continue;
      }
      return Status::badRequest("attribute '" + it.key() + "' must not be null",
                                "validate.null");
    }
    CITADEL_RETURN_IF_ERROR(checkValue(*policy, *it));
  }
  if (create) {
    for (const auto& policy : policiesFor(type)) {
      if (policy.on_create == Optionality::kMandatory && !attributes.contains(policy.short_name)) {
        return Status::badRequest("mandatory attribute '" + std::string(policy.short_name) +
                                  "' (" + std::string(policy.long_name) + ") is missing",
                                  "validate.missing_mandatory");
      }
    }
  }
  return Status::ok();
}

}  // namespace citadel::resources
