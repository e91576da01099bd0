// MQTT URIs, TS-0010 §6.6 (authority per RFC 3986 §3.2; default ports 1883 / 8883).
#include "bindings/mqtt/mqtt_uri.h"


#include "cse/codec/url_authority.h"
#include "cse/model/address.h"

namespace citadel::mqtt {
namespace {

using model::Result;
using model::Status;

// User info ("user:password@") is not shown: these texts reach the start-up line, logs and
// responses.
Status badUri(std::string_view uri, std::string_view why) {
  return Status::badRequest("MQTT URI '" + codec::urlWithoutUserInfo(uri) + "': " +
                                std::string(why),
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
  std::string why;
  auto parsed = codec::parseUrlAuthority(authority, why);
  if (!parsed) return badUri(uri, why);
  out.host = std::move(parsed->host);
  out.port = parsed->port.value_or(out.secure ? 8883 : 1883);
  return out;
}

std::string pahoServerUri(const MqttUri& uri) {
  return std::string(uri.secure ? "ssl://" : "tcp://") + authority(uri);
}

std::string pointOfAccessUri(const MqttUri& uri) {
  return model::networkUri(uri.secure ? "mqtts" : "mqtt", uri.host, uri.port);
}

}  // namespace citadel::mqtt
