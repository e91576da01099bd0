// The registry of config sections: which component tables exist and in which order --help and
// citadel.conf.example show them.
#include "cse/engine/config_schema.h"

#include "cse/engine/config_keys.h"

namespace citadel::engine {

const std::vector<ConfigSection>& configSections() {
  static const std::vector<ConfigSection> kSections = [] {
    std::vector<ConfigSection> all;
    // Identity first: every other setting is about this CSE. Then the bindings and their
    // shared TLS credentials, the engine's storage and tuning, its memory bounds, and the
    // optional authorization.
    for (auto part : {cseConfigSections, httpConfigSections, tlsConfigSections, coapConfigSections,
                      mqttConfigSections, engineConfigSections, limitsConfigSections,
                      authorizationConfigSections, esprimConfigSections,
                      registrationConfigSections}) {
      for (auto& section : part()) {
        all.push_back(std::move(section));
      }
    }
    return all;
  }();
  return kSections;
}

const std::vector<ConfigKey>& configKeys() {
  static const std::vector<ConfigKey> kKeys = [] {
    std::vector<ConfigKey> all;
    for (const auto& section : configSections()) {
      all.insert(all.end(), section.keys.begin(), section.keys.end());
    }
    return all;
  }();
  return kKeys;
}

const ConfigKey* findConfigKey(const std::string& name) {
  for (const auto& key : configKeys()) {
    if (name == key.name) {
      return &key;
    }
  }
  return nullptr;
}

}  // namespace citadel::engine
