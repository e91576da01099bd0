#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace citadel::tools {

// What the bench needs from an HTTP/1.x response head to frame the body and keep the connection.
struct ResponseHead {
  int status = 0;
  bool chunked = false;                    // Transfer-Encoding includes "chunked"
  std::optional<uint64_t> content_length;  // Content-Length, when present
  bool keep_alive = true;                  // false: the server closes after this response

  // RFC 9112 §6.3: 1xx, 204 and 304 responses never carry a body, whatever the headers say.
  bool hasNoBody() const { return status < 200 || status == 204 || status == 304; }
};

// Parses a status line and header fields (CRLF-separated, without the terminating blank line).
// Returns false with `error` set when the status line is malformed or Content-Length is not a
// number; unknown header fields are ignored.
bool parseResponseHead(std::string_view head, ResponseHead& parsed, std::string& error);

}  // namespace citadel::tools
