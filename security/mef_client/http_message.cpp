#include "security/mef_client/http_message.h"

#include <algorithm>
#include <charconv>

namespace citadel::security::mef {
namespace {

model::Status bad(std::string dbg) {
  return model::Status::badRequest(std::move(dbg), "mef.bad_http");
}

bool isToken(std::string_view text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return c > 0x20 && c < 0x7f && c != ':' && c != '(' && c != ')' && c != ',' && c != ';' &&
           c != '"' && c != '/' && c != '[' && c != ']' && c != '?' && c != '=' && c != '{' &&
           c != '}' && c != '\\' && c != '<' && c != '>' && c != '@';
  });
}

bool isFieldValue(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "A SP B SP C": the three parts, or false.
bool splitStartLine(std::string_view line, std::string_view parts[3]) {
  size_t first = line.find(' ');
  if (first == std::string_view::npos) return false;
  size_t second = line.find(' ', first + 1);
  if (second == std::string_view::npos) return false;
  parts[0] = line.substr(0, first);
  parts[1] = line.substr(first + 1, second - first - 1);
  parts[2] = line.substr(second + 1);
  return !parts[0].empty() && !parts[1].empty();
}

model::Status parseStartLine(std::string_view line, bool is_request, HttpMessage& message) {
  std::string_view parts[3];
  if (!splitStartLine(line, parts)) return bad("malformed start line");
  if (is_request) {
    if (!isToken(parts[0]) || parts[2] != "HTTP/1.1" || parts[1].front() != '/' ||
        !isFieldValue(parts[1]) || parts[1].find(' ') != std::string_view::npos) {
      return bad("malformed request line");
    }
    message.first = std::string(parts[0]);
    message.second = std::string(parts[1]);
    return {};
  }
  if (parts[0] != "HTTP/1.1" || parts[1].size() != 3 ||
      !std::all_of(parts[1].begin(), parts[1].end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      !isFieldValue(parts[2])) {
    return bad("malformed status line");
  }
  message.first = std::string(parts[1]);
  message.second = std::string(parts[2]);
  return {};
}

model::Status parseHead(std::string_view head, bool is_request, HttpMessage& message) {
  size_t end = head.find("\r\n");
  CITADEL_RETURN_IF_ERROR(parseStartLine(head.substr(0, end), is_request, message));
  head = end == std::string_view::npos ? std::string_view() : head.substr(end + 2);
  while (!head.empty()) {
    end = head.find("\r\n");
    std::string_view line = head.substr(0, end);
    head = end == std::string_view::npos ? std::string_view() : head.substr(end + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !isToken(line.substr(0, colon))) {
      return bad("malformed header line");
    }
    std::string_view value = trim(line.substr(colon + 1));
    if (!isFieldValue(value)) return bad("malformed header value");
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // A repeated header is refused: Content-Length twice is a request-smuggling classic.
    if (!message.headers.emplace(std::move(name), std::string(value)).second) {
      return bad("repeated header");
    }
  }
  return {};
}

model::Result<size_t> contentLength(const HttpMessage& message) {
  if (message.headers.contains("transfer-encoding")) return bad("Transfer-Encoding unsupported");
  auto it = message.headers.find("content-length");
  if (it == message.headers.end()) return size_t{0};
  size_t length = 0;
  const std::string& text = it->second;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), length);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return bad("malformed Content-Length");
  }
  if (length > kMaxBodyBytes) return bad("body larger than " + std::to_string(kMaxBodyBytes));
  return length;
}

}  // namespace

model::Result<HttpMessage> readHttpMessage(const std::function<long(char*, size_t)>& read,
                                           bool is_request) {
  std::string buffer;
  size_t head_end = std::string::npos;
  char chunk[2048];
  while (head_end == std::string::npos) {
    if (buffer.size() > kMaxHeadBytes) return bad("head larger than 8 KiB");
    long got = read(chunk, sizeof(chunk));
    if (got <= 0) return bad("the stream ended inside the head");
    buffer.append(chunk, static_cast<size_t>(got));
    head_end = buffer.find("\r\n\r\n");
  }
  if (head_end > kMaxHeadBytes) return bad("head larger than 8 KiB");
  HttpMessage message;
  CITADEL_RETURN_IF_ERROR(parseHead(std::string_view(buffer).substr(0, head_end), is_request,
                                    message));
  CITADEL_ASSIGN_OR_RETURN(size_t length, contentLength(message));
  message.body = buffer.substr(head_end + 4);
  if (message.body.size() > length) return bad("more bytes than Content-Length");
  while (message.body.size() < length) {
    long got = read(chunk, std::min(sizeof(chunk), length - message.body.size()));
    if (got <= 0) return bad("the stream ended inside the body");
    message.body.append(chunk, static_cast<size_t>(got));
  }
  return message;
}

std::string formatHttpRequest(std::string_view method, std::string_view target,
                              std::string_view host, std::string_view body,
                              std::string_view originator, std::string_view content_type) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ").append(host);
  if (!originator.empty()) out.append("\r\nX-M2M-Origin: ").append(originator);
  out.append("\r\nContent-Type: ").append(content_type).append("\r\nContent-Length: ");
  out.append(std::to_string(body.size())).append("\r\nConnection: close\r\n\r\n").append(body);
  return out;
}

std::string formatHttpResponse(int code, std::string_view reason, std::string_view body,
                               std::string_view content_type) {
  std::string out = "HTTP/1.1 " + std::to_string(code) + " ";
  out.append(reason).append("\r\nContent-Type: ").append(content_type);
  out.append("\r\nContent-Length: ");
  out.append(std::to_string(body.size())).append("\r\nConnection: close\r\n\r\n").append(body);
  return out;
}

}  // namespace citadel::security::mef
