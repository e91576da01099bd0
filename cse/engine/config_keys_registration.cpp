// CSE registration (registrar.*, TS-0001 §10.2.2.7) and which plain transports may carry a
// CSE-ID originator (security.plainCse, TS-0004 §7.3.2.1).
#include "cse/engine/config_keys.h"

namespace citadel::engine {
namespace {

using model::Status;

// The registrar is reached through the HTTP sender (cse/app/outbound_senders.h), over TLS for
// https:// (this CSE's tls.certificate proves its CSE-ID); "" disables registration. A trailing
// '/' is dropped so that paths append cleanly.
Status checkRegistrarUrl(const std::string& key, std::string& value) {
  if (value.empty()) {
    return {};
  }
  bool http = value.starts_with("http://") && value.size() > 7;
  bool https = value.starts_with("https://") && value.size() > 8;
  if (!http && !https) {
    return badConfigValue(key, value,
                          "an http:// or https:// URL such as https://127.0.0.1:8443");
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
                         "URL of the Registrar CSE's HTTP or HTTPS binding (https: this CSE "
                         "proves its CSE-ID with tls.certificate, the Registrar's certificate "
                         "must chain to tls.caFile); empty: do not register (an IN-CSE)",
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
               boolKey("registrar.requestReachable", &Config::registrar_request_reachable,
                       "true",
                       "false: the Registrar cannot reach this CSE (NAT, firewall): it "
                       "registers with rr=false, creates a <pollingChannel> 'pch' under its "
                       "<remoteCSE> there and long-polls it for the requests and notifications "
                       "routed to it (TS-0001 10.2.5.12-19)"),
               intKey("registrar.pollWait", &Config::registrar_poll_wait_ms,
                      {.min = 1000, .max = 30000, .unit = "ms"}, "20000",
                      "how long one long poll of that channel waits for a request (its rqet)"),
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
