#pragma once
// The request primitive, TS-0004 §7.2.1.1. Long names in code, short names in comments; the
// codec maps short names on the wire to these fields.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cse/model/json.h"
#include "cse/model/transport_info.h"
#include "cse/model/types.h"

namespace citadel::model {

struct ResponseTypeInfo {
  ResponseTypeValue value = ResponseTypeValue::kBlockingRequest;  // rtv
  std::vector<std::string> notification_uris;                      // nu
};

struct Request {
  Operation operation = Operation::kRetrieve;          // op
  std::string to;                                      // to
  std::string originator;                              // fr
  std::string request_id;                              // rqi
  std::optional<uint16_t> resource_type;               // ty (raw: validated by the engine)
  Json content;                                        // pc (null when absent)
  std::vector<std::string> role_ids;                   // rids
  std::string originating_timestamp;                   // ot
  std::string request_expiration_timestamp;            // rqet
  std::string result_expiration_timestamp;             // rset
  std::string operation_execution_time;                // oet
  ResponseTypeInfo response_type;                      // rt
  std::string result_persistence;                      // rp
  std::optional<ResultContent> result_content;         // rcn
  std::string event_category;                          // ec
  std::optional<bool> delivery_aggregation;            // da
  std::string group_request_identifier;                // gid
  Json filter_criteria;                                // fc (object; null when absent)
  std::optional<DesiredIdResultType> desired_identifier_result_type;  // drt
  std::vector<std::string> tokens;                     // tkns
  std::vector<std::string> token_ids;                  // tids
  std::vector<std::string> local_token_ids;            // ltids
  std::optional<bool> token_request_indicator;         // tqi
  std::vector<std::string> group_request_target_members;  // grtm
  std::optional<bool> authorization_signature_indicator;  // asi
  std::vector<std::string> authorization_signatures;   // aus
  std::optional<bool> authorization_relationship_indicator;  // auri
  std::optional<bool> semantic_query_indicator;        // sqi
  std::string release_version_indicator;               // rvi
  std::string vendor_information;                      // vsi
  std::vector<std::string> attribute_list;             // atrl (partial retrieve, `to#attr`)

  TransportInfo transport;  // not a primitive parameter: how it reached us
  // Not a primitive parameter (no binding sets it): the CSE runs this request for a <request>
  // it accepted already, so an rt 1/2 in it is forwarded as such, never accepted again here.
  bool nonblocking_accepted = false;
};

}  // namespace citadel::model
