#pragma once
// Uri-Query options <-> the primitive parameters TS-0008 §6.2.2.3 carries in the query, in
// short-name form (TS-0004 §8.2.2): rt, rp, da, rcn, the filter criteria, drt, tqi, tkns, tids,
// ltids, rids, auri, asi, sqi, op (and atrl for partial retrieval). CoAP options are not
// percent-encoded, so each option is one "name=value" taken literally; list values are joined
// with '+', and a repeated list parameter appends.

#include <optional>
#include <string>
#include <vector>

#include "cse/model/request.h"
#include "cse/model/status.h"

namespace citadel::coap {

// Applies every Uri-Query option to `request`. `operation` receives the `op` parameter when
// present; an empty option (what clients send for a URI without a query) is skipped. 4000
// naming the parameter for a malformed option ("rcn=x", "=1", more than
// `max_parameters`).
model::Status applyUriQuery(const std::vector<std::string>& uri_query, size_t max_parameters,
                            model::Request& request, std::optional<model::Operation>* operation);

// The Uri-Query options for the query-carried parameters set in `request`; with `op=` first
// when `include_operation` (non-blocking requests, TS-0008 §6.2.1).
std::vector<std::string> uriQueryFor(const model::Request& request, bool include_operation);

}  // namespace citadel::coap
