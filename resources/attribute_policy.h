#pragma once
// Attribute policies as data (STYLE.md §4): one row per (attribute, resource type) with the
// short and long name, the value type, whether it is a list, and the request optionality on
// CREATE and UPDATE (TS-0004 §7.4.x tables; RO/WO/RW follow from NP/NP, x/NP, x/O).
// One generic validator (attribute_validator.h) reads it.

#include <span>
#include <string_view>

#include "cse/model/types.h"

namespace citadel::resources {

enum class ValueType : uint8_t {
  kString,
  kXsToken,         // xs:token (TS-0004 Table 6.3.2-1): no CR/LF/tab, no leading, trailing or
                    // double spaces; non-empty, as a member of an XSD list cannot be
  kContentInfo,     // m2m:contentInfo: type/subtype:encoding[:contentSecurity]
  kSerialization,   // a member of m2m:serializations (a list of it has at least one member)
  kResourceName,    // m2m:resourceName: [A-Za-z0-9][A-Za-z0-9._-]*
  kId,              // m2m:ID / anyURI: non-empty, no spaces, no control characters
  kNonNegInteger,
  kPositiveInteger,
  kBoolean,
  kTimestamp,       // m2m:timestamp (ISO 8601 basic)
  kAbsRelTimestamp, // m2m:absRelTimestamp: a timestamp, or an xs:long of ms relative to now
  kDuration,        // xs:duration ("PT10S"), or a non-negative number of milliseconds
  kObject,          // complex type; its members are checked by the type handler
  kGeoCoordinates,  // m2m:geoCoordinates {typ, crd} (Release 4; resources/geo/geometry.h)
  kE2eSecInfo,      // m2m:e2eSecInfo {esf, escert?, esro?} (resources/e2e_sec_info.h)
  kAny,             // any JSON value (content)
};

enum class Optionality : uint8_t { kMandatory, kOptional, kNotPermitted };

struct AttributePolicy {
  std::string_view short_name;
  std::string_view long_name;
  ValueType type;
  bool is_list;             // 0..1(L) / 1(L): a JSON array of `type`
  Optionality on_create;    // oc
  Optionality on_update;    // ou
};

// The rows that apply to `type` (universal, common and type-specific). Empty for unknown types.
std::span<const AttributePolicy> policiesFor(model::ResourceType type);
// The row for one attribute of `type`, or nullptr when `type` has no such attribute.
const AttributePolicy* findPolicy(model::ResourceType type, std::string_view short_name);

std::string_view valueTypeName(ValueType type);

}  // namespace citadel::resources
