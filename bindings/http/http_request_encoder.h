#pragma once
// The request parameters the HTTP binding carries outside the method, path and body (TS-0009
// §6.2.2.2 query, §6.4 headers), for a request this CSE sends: a notification, a DAS query, a
// forwarded request (which may carry any parameter). The inverse of the decoder's header and
// query handling, from the same parameter table (cse/codec/primitive_parameters.h).

#include <string>
#include <utility>
#include <vector>

#include "cse/model/request.h"

namespace citadel::http {

struct EncodedHttpParameters {
  std::vector<std::pair<std::string, std::string>> headers;  // X-M2M-*, Authorization
  std::string query;  // "rcn=1&lbl=a+b", percent-encoded, without '?'; "" for none
};

// Every request parameter of `request` that is set, except the Content-Type (body format and
// ty), which the sender writes with the body.
EncodedHttpParameters encodeRequestParameters(const model::Request& request);

// RFC 3986 percent-encoding of everything but the unreserved characters.
std::string percentEncode(std::string_view text);

}  // namespace citadel::http
