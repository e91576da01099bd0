#include "tools/bench/response_head.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace citadel::tools {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// True when the comma-separated list `value` contains `token` (case-insensitive), as in
// "Transfer-Encoding: gzip, chunked" or "Connection: keep-alive, close".
bool listContains(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const size_t comma = value.find(',');
    if (equalsIgnoreCase(trim(value.substr(0, comma)), token)) {
      return true;
    }
    if (comma == std::string_view::npos) {
      break;
    }
    value.remove_prefix(comma + 1);
  }
  return false;
}

bool parseStatusLine(std::string_view line, ResponseHead& parsed, bool& http10,
                     std::string& error) {
  // "HTTP/1.1 201 Created": the reason phrase is optional and ignored.
  if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || line[8] != ' ' ||
      (line.size() > 12 && line[12] != ' ')) {
    error = "malformed status line: " + std::string(line.substr(0, 64));
    return false;
  }
  http10 = line[7] == '0';
  const std::string_view code = line.substr(9, 3);
  int status = 0;
  const auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), status);
  if (ec != std::errc() || end != code.data() + code.size() || status < 100 || status > 999) {
    error = "malformed status code: " + std::string(line.substr(0, 64));
    return false;
  }
  parsed.status = status;
  return true;
}

}  // namespace

bool parseResponseHead(std::string_view head, ResponseHead& parsed, std::string& error) {
  parsed = ResponseHead{};
  size_t line_end = head.find("\r\n");
  bool http10 = false;
  if (!parseStatusLine(head.substr(0, line_end), parsed, http10, error)) {
    return false;
  }
  // HTTP/1.0 closes unless asked otherwise; HTTP/1.1 keeps alive unless told to close.
  bool saw_close = false;
  bool saw_keep_alive = false;
  while (line_end != std::string_view::npos) {
    head.remove_prefix(line_end + 2);
    line_end = head.find("\r\n");
    const std::string_view line = head.substr(0, line_end);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;  // Tolerated: the bench only reads the framing fields.
    }
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (equalsIgnoreCase(name, "content-length")) {
      uint64_t length = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (ec != std::errc() || end != value.data() + value.size()) {
        error = "malformed Content-Length: " + std::string(value.substr(0, 32));
        return false;
      }
      parsed.content_length = length;
    } else if (equalsIgnoreCase(name, "transfer-encoding")) {
      parsed.chunked = parsed.chunked || listContains(value, "chunked");
    } else if (equalsIgnoreCase(name, "connection")) {
      saw_close = saw_close || listContains(value, "close");
      saw_keep_alive = saw_keep_alive || listContains(value, "keep-alive");
    }
  }
  parsed.keep_alive = !saw_close && (!http10 || saw_keep_alive);
  return true;
}

}  // namespace citadel::tools
