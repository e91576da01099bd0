// The MQTT binding's keys (mqtt.*, TS-0010): this CSE is a client of one broker.
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
           stringKey("mqtt.password", &Config::mqtt_password, "", "MQTT password (never logged)"),
           stringKey("mqtt.caFile", &Config::mqtt_ca_file, "",
                     "PEM CA of the broker's certificate (for ssl:// and mqtts:// brokers)"),
           stringKey("mqtt.certificate", &Config::mqtt_certificate, "",
                     "PEM client certificate presented to the broker (optional)"),
           stringKey("mqtt.privateKey", &Config::mqtt_private_key, "",
                     "PEM key of mqtt.certificate (never logged)"),
       }}};
}

}  // namespace citadel::engine
