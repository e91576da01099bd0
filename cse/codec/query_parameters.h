#pragma once
// The primitive parameters that travel as name=value pairs: the HTTP query string (TS-0009
// §6.2.2.2) and CoAP Uri-Query options (TS-0008 §6.2.2.3) carry the same set under the same
// short names (TS-0004 §8.2.2): rcn, rt, drt, rp, da, tqi, asi, auri, sqi, rids, tids, ltids,
// atrl and the filter criteria (any other name is an attribute filter, 'c.'/'p.' prefixed a
// child/parent one). The primitive parameters
// and their ranges come from the parameter table (primitive_parameters.h); each binding does its
// own splitting and decoding first (codec/text.h).

#include <string>
#include <string_view>
#include <vector>

#include "cse/model/request.h"
#include "cse/model/status.h"

namespace citadel::codec {

// How the binding names its parameters in error texts, and the reason it reports.
struct QuerySyntax {
  std::string_view label;   // "query parameter" (HTTP), "Uri-Query" (CoAP)
  std::string_view reason;  // a static token: "http.bad_query_value", "coap.bad_query_value"
};

struct QueryParameter {
  std::string_view name;
  std::string_view value;             // the whole value, decoded
  std::vector<std::string> elements;  // its '+'-separated elements, each decoded
};

// Applies one parameter to `request`. 4000 with `syntax.reason`, naming the parameter and the
// expected form, for a value out of its range or type.
model::Status applyQueryParameter(model::Request& request, const QueryParameter& parameter,
                                  const QuerySyntax& syntax);

// One query-carried parameter of a request to encode: its name ("rcn", "lbl", "c.rn") and its
// value's elements, which go on the wire joined by '+' (each percent-encoded first over HTTP,
// literal in a CoAP option).
struct EncodedQueryParameter {
  std::string name;
  std::vector<std::string> elements;
};

// The query-carried parameters set in `request`, in a fixed order, for the request encoders of
// both bindings (the inverse of applyQueryParameter): rt (when not blocking), rp, rcn, da, the
// filter criteria member by member, drt, tqi, tkns, tids, ltids, rids, auri, asi, sqi, atrl;
// preceded by op when `include_operation`.
std::vector<EncodedQueryParameter> queryParametersOf(const model::Request& request,
                                                     bool include_operation);

}  // namespace citadel::codec
