#pragma once
// The primitive parameters in one table (TS-0004 §7.2.1.1 request, §7.2.1.2 response): the short
// name of TS-0004 §8.2.2, the value type and range, the Request field, and the name each binding
// gives the parameter on its wire: the HTTP header (TS-0009 §6.4), the CoAP option number
// (TS-0008 Table 6.2.2.4.0-1) and whether it travels as a query parameter (TS-0009 §6.2.2.2 and
// TS-0008 §6.2.2.3, where its name is the short name). The HTTP, CoAP and MQTT decoders and the
// primitive codec look parameters up here and check ranges with inRange()/rangeText(), so a range
// or a wire name is stated once. Constant data: safe from any thread.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/request.h"
#include "cse/model/status.h"

namespace citadel::codec {

// The value type in the primitive (TS-0004 §6.3).
enum class ParameterType : uint8_t {
  kString,
  kTimestamp,        // m2m:timestamp, "20250101T000000"
  kAbsRelTimestamp,  // m2m:absRelTimestamp: a timestamp, or a duration in ms sent as a number
  kInteger,          // an integer in [min, max]
  kBoolean,
  kStringList,
  kEventCategory,    // m2m:eventCat: an integer, kept as text
  kObject,
  kAny,
};

// One value per row of kParameters, in the same order (checked at compile time below).
enum class PrimitiveParameter : uint8_t {
  kOperation,                            // op
  kTo,                                   // to
  kFrom,                                 // fr
  kRequestId,                            // rqi
  kReleaseVersionIndicator,              // rvi
  kResourceType,                         // ty
  kContent,                              // pc
  kOriginatingTimestamp,                 // ot
  kRequestExpirationTimestamp,           // rqet
  kResultExpirationTimestamp,            // rset
  kOperationExecutionTime,               // oet
  kResultPersistence,                    // rp
  kEventCategory,                        // ec
  kResponseType,                         // rt (rtv; the range is that of rtv)
  kNotificationUris,                     // rt.nu
  kResultContent,                        // rcn
  kDesiredIdResultType,                  // drt
  kFilterCriteria,                       // fc
  kDeliveryAggregation,                  // da
  kGroupRequestId,                       // gid
  kGroupRequestTargetMembers,            // grtm
  kSemanticQueryIndicator,               // sqi
  kVendorInformation,                    // vsi
  kAttributeList,                        // atrl
  kRoleIds,                              // rids
  kTokens,                               // tkns
  kTokenIds,                             // tids
  kLocalTokenIds,                        // ltids
  kTokenRequestIndicator,                // tqi
  kAuthorizationSignatureIndicator,      // asi
  kAuthorizationSignatures,              // aus
  kAuthorizationRelationshipIndicator,   // auri
  kResponseStatusCode,                   // rsc (response only, as are the rows below)
  kContentStatus,                        // cnst
  kContentOffset,                        // cnot
  kAssignedTokenIdentifiers,             // ati
  kTokenRequestInformation,              // tqf
  kAuthorizationSignatureRequestInfo,    // asri
};

struct ParameterSpec {
  PrimitiveParameter id;
  std::string_view short_name = {};
  ParameterType type;
  int64_t min = 0;  // kInteger: the accepted range
  int64_t max = 0;
  bool in_request = true;          // false for the response-only parameters
  std::string_view http_header = {};  // "" when HTTP does not carry it in a header
  uint16_t coap_option = 0;        // 0 when CoAP does not carry it in a oneM2M option
  bool in_query = false;           // an HTTP query / CoAP Uri-Query parameter in both bindings
  // The Request field, for the parameters held in a plain field of one of these three shapes;
  // the others (op, ty, pc, rt, rcn, drt, fc, and rt.nu inside rt) are mapped by id.
  std::string model::Request::*text = nullptr;
  std::vector<std::string> model::Request::*list = nullptr;
  std::optional<bool> model::Request::*flag = nullptr;
};

namespace parameter_rows {
using model::Request;
using PP = PrimitiveParameter;
using PT = ParameterType;

// Request order is the order in which the primitive codec reads and reports parameters.
inline constexpr ParameterSpec kParameters[] = {
    // TS-0004 Table 6.3.4.2.5-1: operations 1..5 (CREATE..NOTIFY).
    {.id = PP::kOperation, .short_name = "op", .type = PT::kInteger, .min = 1, .max = 5},
    {.id = PP::kTo, .short_name = "to", .type = PT::kString, .text = &Request::to},
    {.id = PP::kFrom, .short_name = "fr", .type = PT::kString, .http_header = "X-M2M-Origin",
     .coap_option = 279, .text = &Request::originator},
    {.id = PP::kRequestId, .short_name = "rqi", .type = PT::kString, .http_header = "X-M2M-RI",
     .coap_option = 283, .text = &Request::request_id},
    {.id = PP::kReleaseVersionIndicator, .short_name = "rvi", .type = PT::kString,
     .http_header = "X-M2M-RVI", .coap_option = 271, .text = &Request::release_version_indicator},
    // m2m:resourceType is an unsigned 16-bit value; 0 names no type.
    {.id = PP::kResourceType, .short_name = "ty", .type = PT::kInteger, .min = 1, .max = 65535,
     .coap_option = 267},
    {.id = PP::kContent, .short_name = "pc", .type = PT::kObject},
    {.id = PP::kOriginatingTimestamp, .short_name = "ot", .type = PT::kTimestamp,
     .http_header = "X-M2M-OT", .coap_option = 259, .text = &Request::originating_timestamp},
    {.id = PP::kRequestExpirationTimestamp, .short_name = "rqet", .type = PT::kAbsRelTimestamp,
     .http_header = "X-M2M-RET", .coap_option = 291,
     .text = &Request::request_expiration_timestamp},
    {.id = PP::kResultExpirationTimestamp, .short_name = "rset", .type = PT::kAbsRelTimestamp,
     .http_header = "X-M2M-RST", .coap_option = 295,
     .text = &Request::result_expiration_timestamp},
    {.id = PP::kOperationExecutionTime, .short_name = "oet", .type = PT::kAbsRelTimestamp,
     .http_header = "X-M2M-OET", .coap_option = 299, .text = &Request::operation_execution_time},
    {.id = PP::kResultPersistence, .short_name = "rp", .type = PT::kAbsRelTimestamp,
     .in_query = true, .text = &Request::result_persistence},
    {.id = PP::kEventCategory, .short_name = "ec", .type = PT::kEventCategory,
     .http_header = "X-M2M-EC", .coap_option = 303, .text = &Request::event_category},
    // m2m:responseType (TS-0004 §6.3.4.2.3): rtv 1..5, nonBlockingRequestSynch..flexBlocking.
    {.id = PP::kResponseType, .short_name = "rt", .type = PT::kInteger, .min = 1, .max = 5,
     .in_query = true},
    {.id = PP::kNotificationUris, .short_name = "nu", .type = PT::kStringList,
     .http_header = "X-M2M-RTU", .coap_option = 263},
    // m2m:resultContent (TS-0004 §6.3.4.2.7): 0 nothing .. 10 semantic content.
    {.id = PP::kResultContent, .short_name = "rcn", .type = PT::kInteger, .min = 0, .max = 10,
     .in_query = true},
    // m2m:desIdResType (TS-0004 §6.3.4.2.28): 1 structured, 2 unstructured.
    {.id = PP::kDesiredIdResultType, .short_name = "drt", .type = PT::kInteger, .min = 1,
     .max = 2, .in_query = true},
    // Its members travel as separate query parameters (codec/query_parameters.h).
    {.id = PP::kFilterCriteria, .short_name = "fc", .type = PT::kObject},
    {.id = PP::kDeliveryAggregation, .short_name = "da", .type = PT::kBoolean, .in_query = true,
     .flag = &Request::delivery_aggregation},
    {.id = PP::kGroupRequestId, .short_name = "gid", .type = PT::kString,
     .http_header = "X-M2M-GID", .coap_option = 311, .text = &Request::group_request_identifier},
    {.id = PP::kGroupRequestTargetMembers, .short_name = "grtm", .type = PT::kStringList,
     .coap_option = 335, .list = &Request::group_request_target_members},
    {.id = PP::kSemanticQueryIndicator, .short_name = "sqi", .type = PT::kBoolean,
     .in_query = true, .flag = &Request::semantic_query_indicator},
    {.id = PP::kVendorInformation, .short_name = "vsi", .type = PT::kString,
     .http_header = "X-M2M-VSI", .coap_option = 331, .text = &Request::vendor_information},
    {.id = PP::kAttributeList, .short_name = "atrl", .type = PT::kStringList, .in_query = true,
     .list = &Request::attribute_list},
    {.id = PP::kRoleIds, .short_name = "rids", .type = PT::kStringList, .in_query = true,
     .list = &Request::role_ids},
    // TS-0009 §6.4.19: tokens travel in Authorization; CoAP sends them as Uri-Query `tkns`.
    {.id = PP::kTokens, .short_name = "tkns", .type = PT::kStringList,
     .http_header = "Authorization", .list = &Request::tokens},
    {.id = PP::kTokenIds, .short_name = "tids", .type = PT::kStringList, .in_query = true,
     .list = &Request::token_ids},
    {.id = PP::kLocalTokenIds, .short_name = "ltids", .type = PT::kStringList, .in_query = true,
     .list = &Request::local_token_ids},
    {.id = PP::kTokenRequestIndicator, .short_name = "tqi", .type = PT::kBoolean,
     .in_query = true, .flag = &Request::token_request_indicator},
    {.id = PP::kAuthorizationSignatureIndicator, .short_name = "asi", .type = PT::kBoolean,
     .in_query = true, .flag = &Request::authorization_signature_indicator},
    {.id = PP::kAuthorizationSignatures, .short_name = "aus", .type = PT::kStringList,
     .http_header = "X-M2M-AS", .coap_option = 339, .list = &Request::authorization_signatures},
    {.id = PP::kAuthorizationRelationshipIndicator, .short_name = "auri", .type = PT::kBoolean,
     .in_query = true, .flag = &Request::authorization_relationship_indicator},
    // m2m:responseStatusCode: four digits, classes 1xxx..6xxx.
    {.id = PP::kResponseStatusCode, .short_name = "rsc", .type = PT::kInteger, .min = 1000,
     .max = 6999, .in_request = false, .http_header = "X-M2M-RSC", .coap_option = 307},
    // m2m:contentStatus: 1 PARTIAL_CONTENT, 2 FULL_CONTENT.
    {.id = PP::kContentStatus, .short_name = "cnst", .type = PT::kInteger, .min = 1, .max = 2,
     .in_request = false, .http_header = "X-M2M-CTS", .coap_option = 323},
    // xs:positiveInteger, bounded to what the Response field holds.
    {.id = PP::kContentOffset, .short_name = "cnot", .type = PT::kInteger, .min = 1,
     .max = INT32_MAX, .in_request = false, .http_header = "X-M2M-CTO", .coap_option = 319},
    {.id = PP::kAssignedTokenIdentifiers, .short_name = "ati", .type = PT::kObject,
     .in_request = false, .http_header = "X-M2M-ATI", .coap_option = 327},
    {.id = PP::kTokenRequestInformation, .short_name = "tqf", .type = PT::kObject,
     .in_request = false},
    {.id = PP::kAuthorizationSignatureRequestInfo, .short_name = "asri", .type = PT::kBoolean,
     .in_request = false, .coap_option = 275},
};
}  // namespace parameter_rows

using parameter_rows::kParameters;

constexpr bool rowsFollowEnumOrder() {
  for (size_t i = 0; i < std::size(kParameters); ++i) {
    if (static_cast<size_t>(kParameters[i].id) != i) return false;
  }
  return true;
}
static_assert(rowsFollowEnumOrder(), "kParameters rows must follow PrimitiveParameter order");

constexpr const ParameterSpec& parameter(PrimitiveParameter id) {
  return kParameters[static_cast<size_t>(id)];
}

// The row whose header is `name` (ASCII case-insensitive, RFC 9110 §5.1); nullptr if none.
const ParameterSpec* parameterForHttpHeader(std::string_view name);
// The row carried in CoAP option `number`; nullptr if none.
const ParameterSpec* parameterForCoapOption(uint16_t number);
// The row carried as query parameter `name` in both bindings (rcn, rt, drt, rp, da, sqi, atrl,
// rids, tids, ltids, tqi, asi, auri); nullptr for any other name (filter criteria and the
// binding's own parameters).
const ParameterSpec* parameterForQuery(std::string_view name);

// Whether `value` lies in the integer range of `spec`.
constexpr bool inRange(const ParameterSpec& spec, int64_t value) {
  return value >= spec.min && value <= spec.max;
}
// 4000 (reason "primitive.control_character") when a text or list parameter of the table (to,
// fr, rqi, rvi, ot, rqet, rset, oet, rp, ec, gid, vsi, grtm, atrl, rids, tkns, tids, ltids, aus)
// or a notification URI (rt.nu) contains a control character (0x00–0x1F, 0x7F): every one is an
// identifier, a URI, a timestamp or a token, and would otherwise reach response headers and log
// lines (issue 15 #14). The dbg names the parameter and the character's position, never the
// value. 4000 (reason "primitive.bad_utf8") when one of them is not UTF-8. OK otherwise.
model::Status checkParameterCharacters(const model::Request& request);

// "an integer in 0..10", for dbg texts.
std::string rangeText(int64_t min, int64_t max);
inline std::string rangeText(const ParameterSpec& spec) { return rangeText(spec.min, spec.max); }

}  // namespace citadel::codec
