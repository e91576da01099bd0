#pragma once
// The authority of a URL (RFC 3986 §3.2) as the senders and the MQTT binding read it from the
// targets originators name (nu, poa, dap, the broker URI): one parser, so that http://, coap://
// and mqtt:// targets agree on what a host and a port are.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace citadel::codec {

struct UrlAuthority {
  std::string host;              // without the brackets of an IPv6 literal
  std::optional<uint16_t> port;  // when the authority names one
};

// "host", "host:port", "[v6]" or "[v6]:port". Refused, with `why` set for the caller's error:
// user information ("user:password@", never sent nor shown), an empty host, an unclosed '[',
// anything after ']' but a port, a bracketed host that is not an IPv6 address, an empty port,
// a port outside 1..65535, and whitespace or a control character in the host (hosts reach log
// lines and request heads).
std::optional<UrlAuthority> parseUrlAuthority(std::string_view authority, std::string& why);

// True for a numeric IPv4 or IPv6 host: no SNI or Uri-Host for it, and a certificate must name
// the address.
bool isIpLiteral(const std::string& host);

// The URL as an error text may show it: at most 200 characters, and user information replaced
// by "<user info>" (error texts reach logs and responses).
std::string urlWithoutUserInfo(std::string_view url);

}  // namespace citadel::codec
