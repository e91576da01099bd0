#include "tools/bench/request_writer.h"

#include <charconv>
#include <cstdint>

namespace citadel::tools {

void appendDecimal(std::string& out, uint64_t value) {
  char digits[20];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);
  out.append(digits, end);
}

RequestWriter::RequestWriter(std::string_view host_header) {
  host_line_.append("Host: ").append(host_header).append("\r\n");
}

void RequestWriter::appendM2mHeaders(std::string& out, std::string_view originator,
                                     std::string_view request_id) const {
  out.append(host_line_);
  out.append("X-M2M-Origin: ").append(originator).append("\r\n");
  out.append("X-M2M-RI: ").append(request_id).append("\r\n");
  out.append("X-M2M-RVI: 3\r\nAccept: application/json\r\n");
}

void RequestWriter::appendCreate(std::string& out, std::string_view path,
                                 std::string_view originator, std::string_view request_id,
                                 int resource_type, std::string_view json_body) const {
  out.append("POST ").append(path).append(" HTTP/1.1\r\n");
  appendM2mHeaders(out, originator, request_id);
  out.append("Content-Type: application/json;ty=");
  appendDecimal(out, static_cast<uint64_t>(resource_type));
  out.append("\r\nContent-Length: ");
  appendDecimal(out, json_body.size());
  out.append("\r\n\r\n").append(json_body);
}

void RequestWriter::appendRetrieve(std::string& out, std::string_view path,
                                   std::string_view originator, std::string_view request_id) const {
  out.append("GET ").append(path).append(" HTTP/1.1\r\n");
  appendM2mHeaders(out, originator, request_id);
  out.append("\r\n");
}

void RequestWriter::appendPlainGet(std::string& out, std::string_view path) const {
  out.append("GET ").append(path).append(" HTTP/1.1\r\n").append(host_line_).append("\r\n");
}

}  // namespace citadel::tools
