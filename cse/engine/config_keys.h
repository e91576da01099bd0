#pragma once
// The per-component key tables, one file each (config_keys_<component>.cpp). configSections()
// (config_schema.cpp) lists them in documentation order; a new component adds its file here
// and one line there.

#include <vector>

#include "cse/engine/config_schema.h"

namespace citadel::engine {

// cse.*: the identity of this CSE
std::vector<ConfigSection> cseConfigSections();
// storage.*, log.*, limits.*, expiration.*, notification.*, upperTester.*
std::vector<ConfigSection> engineConfigSections();
// http.*, https.*
std::vector<ConfigSection> httpConfigSections();
// tls.*: the credentials HTTPS and CoAPS share
std::vector<ConfigSection> tlsConfigSections();
// coap.*, coaps.*
std::vector<ConfigSection> coapConfigSections();
// mqtt.*
std::vector<ConfigSection> mqttConfigSections();
// acp.*, token.*, role.*, das.*
std::vector<ConfigSection> authorizationConfigSections();
// esprim.*: end-to-end security of primitives (TS-0003 8.4)
std::vector<ConfigSection> esprimConfigSections();
// limits.* memory bounds and default container quotas (issue 15 #12)
std::vector<ConfigSection> limitsConfigSections();
// registrar.*, security.plainCse: CSE registration (TS-0001 §10.2.2.7)
std::vector<ConfigSection> registrationConfigSections();

// The cse.id check, shared by keys that hold a CSE-ID: an optional leading '/' is dropped, and
// what remains must be one non-empty path segment (4000 "config.bad_value" otherwise).
model::Status checkCseIdValue(const std::string& key, std::string& value);

}  // namespace citadel::engine
