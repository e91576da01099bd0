#pragma once
// The little HTTP/1.1 the MEF speaks inside its TLS session (one request, one response, then
// close): framing only, with hard limits, for both ends. Not a general HTTP implementation:
// no chunked bodies, no continuation lines, no pipelining.

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "cse/model/status.h"

namespace citadel::security::mef {

inline constexpr size_t kMaxHeadBytes = 8 << 10;
inline constexpr size_t kMaxBodyBytes = 16 << 10;

struct HttpMessage {
  // Request: method, target. Response: status code (as text) and reason phrase.
  std::string first;   // "POST" / "200"
  std::string second;  // "/bootstrap" / "OK"
  std::map<std::string, std::string, std::less<>> headers;  // names lower-cased
  std::string body;
};

// Reads bytes until "\r\n\r\n", then Content-Length bytes. `read(buffer, capacity)` returns the
// number of bytes read, 0 at end of stream, negative on error. Errors (4000, reason
// "mef.bad_http"): head over kMaxHeadBytes or body over kMaxBodyBytes, end of stream or a read
// error before the message is whole, a malformed start line or header, Transfer-Encoding, a
// missing or malformed Content-Length when bytes follow the head. `is_request` picks the
// start-line grammar ("METHOD SP target SP HTTP/1.1" or "HTTP/1.1 SP code SP reason").
model::Result<HttpMessage> readHttpMessage(const std::function<long(char*, size_t)>& read,
                                           bool is_request);

// The bytes of a request/response with Content-Length and "Connection: close". A non-empty
// `originator` goes into X-M2M-Origin (TS-0003 §8.3.2.1 step f: the Enrolment Target's ID);
// the caller passes printable ASCII only.
std::string formatHttpRequest(std::string_view method, std::string_view target,
                              std::string_view host, std::string_view body,
                              std::string_view originator = "",
                              std::string_view content_type = "application/json");
std::string formatHttpResponse(int code, std::string_view reason, std::string_view body,
                               std::string_view content_type = "application/json");

}  // namespace citadel::security::mef
