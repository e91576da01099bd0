#pragma once
// The response primitive, TS-0004 §7.2.1.2.

#include <optional>
#include <string>
#include <string_view>

#include "cse/model/json.h"
#include "cse/model/rsc.h"
#include "cse/model/status.h"

namespace citadel::model {

struct Response {
  Rsc status_code = Rsc::kOk;                // rsc
  std::string request_id;                    // rqi
  Json content;                              // pc (null when absent)
  std::string to;                            // to
  std::string from;                          // fr
  std::string originating_timestamp;         // ot
  std::string result_expiration_timestamp;   // rset
  std::string event_category;                // ec
  std::optional<int> content_status;         // cnst
  std::optional<int> content_offset;         // cnot
  Json assigned_token_identifiers;           // ati
  Json token_request_information;            // tqf
  std::optional<bool> authorization_signature_request_information;  // asri
  std::string release_version_indicator;     // rvi
  std::string vendor_information;            // vsi

  // Binding hints, not primitive parameters.
  std::string content_location;  // URI of a created resource (HTTP Content-Location)
  std::string_view reason;       // static token naming why an error happened (logs, tests)
  // Set by a sender: the identity the answering peer proved on the exchange (the first
  // subjectAltName URI of a TLS server certificate that verified, e.g. "//sp/id-in"); "" when
  // none was proven.
  std::string peer_identity;

  // An error response whose content is {"m2m:dbg": dbg}, TS-0004 §6.6, echoing `request_id`
  // unless it contains a control character.
  static Response fromStatus(const Status& status, std::string request_id);
};

}  // namespace citadel::model
