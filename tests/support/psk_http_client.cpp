#include "tests/support/psk_http_client.h"

#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {

std::ostream& operator<<(std::ostream& out, const PskReply& r) {
  return out << "rsc " << r.rsc << " output " << r.output;
}

PskReply pskHttpRequest(uint16_t port, const std::string& identity, const std::string& key_hex,
                        const std::string& tls, const std::string& method,
                        const std::string& path, const std::string& originator,
                        const std::string& body, int ty) {
  TempDir dir;
  std::ostringstream http;
  http << method << " " << path << " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-M2M-Origin: "
       << originator << "\r\nX-M2M-RI: psk-1\r\nX-M2M-RVI: 3\r\nConnection: close\r\n";
  if (!body.empty()) {
    http << "Content-Type: application/json;ty=" << ty << "\r\n";
  }
  http << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  std::ofstream(dir.file("request")) << http.str();
  PskReply reply;
  reply.output = runShell("openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
                              " -psk_identity " + identity + " -psk " + key_hex + " " + tls +
                              " -quiet < " + dir.file("request"),
                          nullptr, 15);
  std::smatch match;
  if (std::regex_search(reply.output, match, std::regex("X-M2M-RSC: ([0-9]+)"))) {
    reply.rsc = std::stoi(match[1]);
  }
  return reply;
}

}  // namespace citadel::testing
