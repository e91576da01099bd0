// CSE registration (registrar.*, TS-0001 §10.2.2.7) and which plain transports may carry a
// CSE-ID originator (security.plainCse, TS-0004 §7.3.2.1).
#include "cse/engine/config_keys.h"

namespace citadel::engine {
namespace {

using model::Status;

// The registrar is reached through the HTTP sender (cse/app/outbound_senders.h); "" disables
// registration. A trailing '/' is dropped so that paths append cleanly.
Status checkRegistrarUrl(const std::string& key, std::string& value) {
  if (value.empty()) {
    return {};
  }
  if (!value.starts_with("http://") || value.size() == 7) {
    return badConfigValue(key, value, "an http:// URL such as http://127.0.0.1:8080");
  }
  while (value.ends_with("/")) {
    value.pop_back();
  }
  return {};
}

Status checkOptionalCseId(const std::string& key, std::string& value) {
  return value.empty() ? Status() : checkCseIdValue(key, value);
}

}  // namespace

std::vector<ConfigSection> registrationConfigSections() {
  return {{"Registration with a Registrar CSE (MN-CSE, ASN-CSE)",
           "With registrar.url set, the CSE creates its <remoteCSE> at the Registrar on start "
           "(again after each restart: an existing one is updated), then the <remoteCSE> of "
           "the Registrar under its own <CSEBase>; while the Registrar is unreachable it "
           "retries with a growing delay, without holding up the start.",
           {
               stringKey("registrar.url", &Config::registrar_url, "",
                         "HTTP URL of the Registrar CSE's HTTP binding; empty: do not register "
                         "(an IN-CSE)",
                         checkRegistrarUrl),
               stringKey("registrar.cseId", &Config::registrar_cse_id, "",
                         "CSE-ID of the Registrar CSE (SP-relative, without the leading '/')",
                         checkOptionalCseId),
               stringKey("registrar.cseBaseName", &Config::registrar_cse_base_name, "cse-in",
                         "resourceName of the Registrar's <CSEBase>"),
               intKey("registrar.retryMax", &Config::registrar_retry_max_ms,
                      {.min = 100, .max = 3600000, .unit = "ms"}, "60000",
                      "longest delay between two registration attempts (the delay starts at "
                      "500 ms and doubles)"),
               intKey("registrar.refreshInterval", &Config::registrar_refresh_ms,
                      {.min = 100, .max = 86400000, .unit = "ms"}, "60000",
                      "how often a registered CSE brings its <remoteCSE> at the Registrar up "
                      "to date (poa, rr, csz, srv, and dcse: the CSEs registered here and "
                      "their descendants, which the Registrar routes to through this CSE); "
                      "a Registrar that lost it gets it created again"),
           }},
          {"CSE originators over plain transports",
           "",
           {
               enumKey("security.plainCse", &Config::plain_cse, {"off", "loopback", "any"},
                       "off",
                       "where another CSE's CSE-ID is accepted as From without a TLS/DTLS "
                       "certificate proving it: off (never: 4107), loopback (HTTP/CoAP peers on "
                       "127.0.0.0/8 or ::1: several CSEs on one machine) or any (test benches "
                       "only)"),
           }}};
}

}  // namespace citadel::engine
