#include "cse/codec/url_authority.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace citadel::codec {

std::optional<UrlAuthority> parseUrlAuthority(std::string_view authority, std::string& why) {
  if (authority.find('@') != std::string_view::npos) {
    why = "user information is not allowed";
    return std::nullopt;
  }
  UrlAuthority out;
  std::string_view port_text;
  bool has_port = false;
  if (authority.starts_with("[")) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      why = "unclosed '[' in the host";
      return std::nullopt;
    }
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after[0] != ':') {
      why = "junk after the IPv6 host";
      return std::nullopt;
    }
    has_port = !after.empty();
    if (has_port) port_text = after.substr(1);
    in6_addr v6;
    if (inet_pton(AF_INET6, out.host.c_str(), &v6) != 1) {
      why = "not an IPv6 address in '[...]'";
      return std::nullopt;
    }
  } else {
    size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    has_port = colon != std::string_view::npos;
    if (has_port) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) {
    why = "no host";
    return std::nullopt;
  }
  if (std::any_of(out.host.begin(), out.host.end(), [](unsigned char c) {
        return c <= 0x20 || c == 0x7f;
      })) {
    why = "whitespace or a control character in the host";
    return std::nullopt;
  }
  if (has_port) {
    unsigned value = 0;
    auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (port_text.empty() || error != std::errc() ||
        end != port_text.data() + port_text.size() || value == 0 || value > 65535) {
      why = "port must be an integer in 1..65535";
      return std::nullopt;
    }
    out.port = static_cast<uint16_t>(value);
  }
  return out;
}

bool isIpLiteral(const std::string& host) {
  in6_addr v6;
  in_addr v4;
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

std::string urlWithoutUserInfo(std::string_view url) {
  std::string text(url.substr(0, 200));
  size_t start = text.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t at = text.find('@', start);
  if (at != std::string::npos && text.find('/', start) > at) {
    text.replace(start, at - start, "<user info>");
  }
  return text;
}

}  // namespace citadel::codec
