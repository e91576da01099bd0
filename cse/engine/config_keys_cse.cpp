// The identity of this CSE (cse.*). Defaults match common oneM2M tutorials and test tools.
#include "cse/engine/config_keys.h"
#include "resources/geo/geometry.h"

namespace citadel::engine {
namespace {

using model::Status;

// An M2M-SP-ID may be written in its absolute form "//sp"; the domain is kept.
Status checkSpId(const std::string& key, std::string& value) {
  if (value.starts_with("//")) {
    value.erase(0, 2);
  }
  return {};
}

// The CSEBase's location (loc, Release 4): an m2m:geoCoordinates object as JSON text, checked
// as the attribute is on other types; "" for none.
Status checkLocation(const std::string& key, std::string& value) {
  if (value.empty()) {
    return {};
  }
  model::Json json = model::Json::parse(value, nullptr, /*allow_exceptions=*/false);
  auto geometry = resources::geo::parseGeoCoordinates(json, key);
  if (json.is_discarded() || !geometry.isOk()) {
    std::string expected = "an m2m:geoCoordinates object such as "
                           "{\"typ\":1,\"crd\":\"[13.4,52.5]\"}";
    if (!geometry.isOk()) expected += " (" + geometry.status().dbg() + ")";
    return badConfigValue(key, value, expected);
  }
  return {};
}

}  // namespace

// TS-0001 §7.2: a CSE-ID is SP-relative; a leading '/' (the SP-relative form) is accepted and
// dropped, and what remains must be one non-empty path segment.
Status checkCseIdValue(const std::string& key, std::string& value) {
  std::string original = value;
  if (value.starts_with("/")) {
    value.erase(0, 1);
  }
  if (value.empty() || value.find('/') != std::string::npos) {
    return badConfigValue(key, original, "a CSE-ID such as id-in");
  }
  return {};
}

std::vector<ConfigSection> cseConfigSections() {
  return {{"Identity of this CSE",
           "",
           {
               stringKey("cse.id", &Config::cse_id, "id-in",
                         "CSE-ID (SP-relative, without the leading '/')", checkCseIdValue),
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
               stringKey("cse.location", &Config::cse_location, "",
                         "location (loc) of the CSEBase, matched by geo-queries: an "
                         "m2m:geoCoordinates object {\"typ\":1..6,\"crd\":\"<GeoJSON "
                         "coordinates>\"} as JSON; empty for none",
                         checkLocation),
           }}};
}

}  // namespace citadel::engine
