// The identity of this CSE (cse.*). Defaults match common oneM2M tutorials and test tools.
#include "cse/engine/config_keys.h"

namespace citadel::engine {
namespace {

using model::Status;

// TS-0001 §7.2: a CSE-ID is SP-relative; a leading '/' (the SP-relative form) is accepted and
// dropped, and what remains must be one non-empty path segment.
Status checkCseId(const std::string& key, std::string& value) {
  std::string original = value;
  if (value.starts_with("/")) {
    value.erase(0, 1);
  }
  if (value.empty() || value.find('/') != std::string::npos) {
    return badConfigValue(key, original, "a CSE-ID such as id-in");
  }
  return {};
}

// An M2M-SP-ID may be written in its absolute form "//sp"; the domain is kept.
Status checkSpId(const std::string& key, std::string& value) {
  if (value.starts_with("//")) {
    value.erase(0, 2);
  }
  return {};
}

}  // namespace

std::vector<ConfigSection> cseConfigSections() {
  return {{"Identity of this CSE",
           "",
           {
               stringKey("cse.id", &Config::cse_id, "id-in",
                         "CSE-ID (SP-relative, without the leading '/')", checkCseId),
               stringKey("cse.name", &Config::cse_name, "cse-in", "resourceName of the CSEBase"),
               stringKey("cse.spid", &Config::sp_id, "citadel.example.com",
                         "M2M-SP-ID (domain) of the service provider", checkSpId),
               enumKey("cse.type", &Config::cse_type, {"IN", "MN", "ASN"}, "IN", "CSE type (cst)"),
               stringKey("cse.admin", &Config::admin, "CAdmin",
                         "admin originator: full access to every resource"),
               enumKey("cse.adminFrom", &Config::admin_from, {"loopback", "any"}, "loopback",
                       "where the admin originator is honoured: loopback (HTTP/CoAP peers on "
                       "127.0.0.0/8 or ::1, a TLS/DTLS peer that proved the admin identity, and "
                       "MQTT publishers the broker admits on the admin's request topic) or any "
                       "(every peer: test benches only)"),
           }}};
}

}  // namespace citadel::engine
