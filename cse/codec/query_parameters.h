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

}  // namespace citadel::codec
