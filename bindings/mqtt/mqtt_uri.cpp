// MQTT URIs, TS-0010 §6.6 (authority per RFC 3986 §3.2; default ports 1883 / 8883).
#include "bindings/mqtt/mqtt_uri.h"

#include <algorithm>
#include <charconv>

#include "cse/model/address.h"

namespace citadel::mqtt {
namespace {

using model::Result;
using model::Status;

// The URI as an error text may show it: user info ("user:password@") is replaced, because
// these texts reach the start-up line, logs and responses.
std::string printable(std::string_view uri) {
  std::string text(uri.substr(0, 200));
  size_t start = text.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t at = text.find('@', start);
  if (at != std::string::npos && text.find('/', start) > at) {
    text.replace(start, at - start, "<user info>");
  }
  return text;
}

Status badUri(std::string_view uri, std::string_view why) {
  return Status::badRequest("MQTT URI '" + printable(uri) + "': " + std::string(why),
                            "mqtt.bad_uri");
}

std::string authority(const MqttUri& uri) {
  std::string host = uri.host.find(':') != std::string::npos ? "[" + uri.host + "]" : uri.host;
  return host + ":" + std::to_string(uri.port);
}

}  // namespace

Result<MqttUri> parseMqttUri(std::string_view uri) {
  MqttUri out;
  size_t scheme_end = uri.find("://");
  if (scheme_end == std::string_view::npos) {
    return badUri(uri, "expected mqtt://host[:port][/path]");
  }
  std::string_view scheme = uri.substr(0, scheme_end);
  if (scheme == "mqtts" || scheme == "ssl") {
    out.secure = true;
  } else if (scheme != "mqtt" && scheme != "tcp") {
    return badUri(uri, "scheme must be mqtt, mqtts, tcp or ssl");
  }
  std::string_view rest = uri.substr(scheme_end + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return badUri(uri, "a query or fragment is not allowed");
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) out.path = std::string(rest.substr(slash + 1));
  if (authority.find('@') != std::string_view::npos) {
    return badUri(uri, "user info is not allowed; configure the user name and password");
  }
  std::string_view port_text;
  if (authority.starts_with("[")) {  // IPv6 literal, RFC 3986 §3.2.2
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return badUri(uri, "unterminated IPv6 literal");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after[0] != ':') return badUri(uri, "garbage after the IPv6 literal");
    if (!after.empty()) port_text = after.substr(1);
    if (!after.empty() && port_text.empty()) return badUri(uri, "empty port");
  } else {
    size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return badUri(uri, "empty port");
    }
  }
  if (out.host.empty()) return badUri(uri, "empty host");
  // The host reaches log lines (a refused foreign broker): no whitespace or control characters.
  if (std::any_of(out.host.begin(), out.host.end(), [](char c) {
        return c == ' ' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      })) {
    return badUri(uri, "whitespace or a control character in the host");
  }
  out.port = out.secure ? 8883 : 1883;
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (error != std::errc() || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      return badUri(uri, "port must be an integer in 1..65535");
    }
    out.port = static_cast<uint16_t>(value);
  }
  return out;
}

std::string pahoServerUri(const MqttUri& uri) {
  return std::string(uri.secure ? "ssl://" : "tcp://") + authority(uri);
}

std::string pointOfAccessUri(const MqttUri& uri) {
  return model::networkUri(uri.secure ? "mqtts" : "mqtt", uri.host, uri.port);
}

}  // namespace citadel::mqtt
