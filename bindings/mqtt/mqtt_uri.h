#pragma once
// MQTT URIs (TS-0010 §6.6): mqtt://<authority>[/<path>] and mqtts://…, as found in poa and nu,
// plus the broker URIs of MqttConnectionOptions (tcp://, ssl://, the Paho form, kept as the
// routes' key). Library-free and unit-tested.

#include <cstdint>
#include <string>
#include <string_view>

#include "cse/model/status.h"

namespace citadel::mqtt {

struct MqttUri {
  bool secure = false;  // mqtts:// or ssl://
  std::string host;     // without brackets for IPv6
  uint16_t port = 0;    // the IANA default (1883 / 8883) when the URI has none (TS-0010 §6.6)
  std::string path;     // after the authority, without the leading '/'; "" when absent
};

// Parses mqtt://, mqtts://, tcp:// and ssl:// URIs. 4000 (reason "mqtt.bad_uri") naming the
// defect for another scheme, an empty host, user info, a bad port, a query or a fragment.
model::Result<MqttUri> parseMqttUri(std::string_view uri);

// The server URI of MqttConnectionOptions: "tcp://host:port" or "ssl://host:port" ("[::1]" for IPv6).
std::string pahoServerUri(const MqttUri& uri);

// The pointOfAccess form (TS-0010 §6.6): "mqtt://host:port" or "mqtts://host:port", no path.
std::string pointOfAccessUri(const MqttUri& uri);

}  // namespace citadel::mqtt
