// The MQTT binding's keys (mqtt.*, TS-0010): this CSE is a client of one broker.
#include <algorithm>
#include <cctype>
#include <string_view>

#include "cse/engine/config_keys.h"

namespace citadel::engine {
namespace {

using model::Status;

// The broker URI schemes Paho accepts; user info is refused so that a password never sits in
// a URI that might be echoed or logged (mqtt.password is the place for it).
Status checkBrokerUri(const std::string& key, std::string& value) {
  if (value.find('@') != std::string::npos) {  // not echoed: it would hold a password
    return Status::badRequest("config key '" + key +
                                  "': user info is not allowed in the URI; "
                                  "set mqtt.username and mqtt.password",
                              "config.bad_value");
  }
  if (!value.starts_with("tcp://") && !value.starts_with("mqtt://") &&
      !value.starts_with("ssl://") && !value.starts_with("mqtts://")) {
    return badConfigValue(key, value,
                          "a broker URI such as tcp://127.0.0.1:1883 or mqtts://h:8883");
  }
  return {};
}

// "host:port" (IPv6 in brackets): a broker other than mqtt.broker, never a URI, so that no user
// info, scheme or path can ride along. The port is required: the allow-list names listeners.
bool isHostPort(const std::string& item) {
  size_t colon = item.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == item.size()) return false;
  std::string_view host(item.data(), colon);
  if (host.starts_with('[') != host.ends_with(']')) return false;
  std::string_view port(item.data() + colon + 1, item.size() - colon - 1);
  if (port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit)) return false;
  int number = std::stoi(std::string(port));
  if (number < 1 || number > 65535) return false;
  return std::none_of(host.begin(), host.end(), [](char c) {
    return c == '/' || c == '@' || c == '?' || c == '#' || c == ' ' ||
           static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

ConfigKey foreignBrokersKey() {
  ConfigKey key = listKey("mqtt.foreignBrokers", &Config::mqtt_foreign_brokers, "",
                          "brokers other than mqtt.broker that nu/DAS URIs may name (host:port, "
                          "comma-separated; no credentials are sent there); empty: none");
  key.values = "host:port,...";
  key.apply = [list = key.apply](Config& c, const std::string& value) -> Status {
    Config probe;
    CITADEL_RETURN_IF_ERROR(list(probe, value));
    for (const std::string& item : probe.mqtt_foreign_brokers) {
      if (item.find('@') != std::string::npos) {  // not echoed: it would hold a password
        return Status::badRequest(
            "config key 'mqtt.foreignBrokers': user info is not allowed; items are host:port",
            "config.bad_value");
      }
      if (!isHostPort(item)) {
        return badConfigValue("mqtt.foreignBrokers", item, "host:port");
      }
    }
    c.mqtt_foreign_brokers = std::move(probe.mqtt_foreign_brokers);
    return {};
  };
  return key;
}

}  // namespace

std::vector<ConfigSection> mqttConfigSections() {
  return {
      {"MQTT binding (TS-0010)",
       "A client of the broker mqtt.broker. tools/run.sh switches it on and starts a loopback "
       "Mosquitto when none listens on the broker's port.",
       {
           boolKey("mqtt.enabled", &Config::mqtt_enabled, "false",
                   "serve the MQTT binding (TS-0010) through the broker mqtt.broker"),
           stringKey("mqtt.broker", &Config::mqtt_broker, "tcp://127.0.0.1:1883",
                     "MQTT broker URI; an unreachable broker is retried with backoff",
                     checkBrokerUri, "tcp|mqtt|ssl|mqtts://host:port"),
           stringKey("mqtt.clientId", &Config::mqtt_client_id, "",
                     "MQTT client ID; empty: C::<cse.id> (TS-0010 6.3.3)"),
           stringKey("mqtt.username", &Config::mqtt_username, "",
                     "MQTT user name; empty: connect without credentials"),
           stringKey("mqtt.password", &Config::mqtt_password, "",
                     "MQTT password (never logged; sent to mqtt.broker only); prefer "
                     "mqtt.passwordFile"),
           stringKey("mqtt.passwordFile", &Config::mqtt_password_file, "",
                     "file (mode 0600) whose first line is the MQTT password; keeps it out of "
                     "the command line and the config file"),
           foreignBrokersKey(),
           stringKey("mqtt.caFile", &Config::mqtt_ca_file, "",
                     "PEM CA of the broker's certificate (for ssl:// and mqtts:// brokers)"),
           stringKey("mqtt.certificate", &Config::mqtt_certificate, "",
                     "PEM client certificate presented to the broker (optional)"),
           stringKey("mqtt.privateKey", &Config::mqtt_private_key, "",
                     "PEM key of mqtt.certificate (never logged)"),
       }}};
}

}  // namespace citadel::engine
