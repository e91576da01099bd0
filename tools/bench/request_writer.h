#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace citadel::tools {

// Serialises the few request shapes the bench sends, straight into a reusable string, so the
// timed loop does no allocation once the string has grown to size.
//
// oneM2M requests follow the HTTP binding (TS-0009): CREATE is POST with
// "Content-Type: application/json;ty=<type>", RETRIEVE is GET, and every request carries
// X-M2M-Origin, X-M2M-RI and X-M2M-RVI. Thread-safe: all methods are const.
class RequestWriter {
 public:
  // `host_header` is the Host value ("127.0.0.1:8080") sent on every request.
  explicit RequestWriter(std::string_view host_header);

  // Appends a oneM2M CREATE of a resource of type `resource_type` under `path`.
  void appendCreate(std::string& out, std::string_view path, std::string_view originator,
                    std::string_view request_id, int resource_type,
                    std::string_view json_body) const;
  // Appends a oneM2M RETRIEVE of `path`.
  void appendRetrieve(std::string& out, std::string_view path, std::string_view originator,
                      std::string_view request_id) const;
  // Appends a plain GET without oneM2M headers (the static-file ceiling).
  void appendPlainGet(std::string& out, std::string_view path) const;

 private:
  void appendM2mHeaders(std::string& out, std::string_view originator,
                        std::string_view request_id) const;

  std::string host_line_;  // "Host: <host>\r\n", built once
};

// Appends the decimal form of `value` to `out` without a temporary string.
void appendDecimal(std::string& out, uint64_t value);

}  // namespace citadel::tools
