// The CoAP binding's keys (coap.*, TS-0008) and its DTLS listener's (coaps.*).
#include "cse/engine/config_keys.h"

namespace citadel::engine {

std::vector<ConfigSection> coapConfigSections() {
  return {
      {"CoAP binding (TS-0008, UDP)",
       "tools/run.sh switches it on.",
       {
           boolKey("coap.enabled", &Config::coap_enabled, "false",
                   "serve the CoAP binding (TS-0008, UDP)"),
           stringKey("coap.address", &Config::coap_address, "127.0.0.1", "CoAP listen address"),
           portKey("coap.port", &Config::coap_port, "5683",
                   "CoAP listen port; 0 picks a free port (read it from the CSEBase poa)"),
           intKey("coap.threads", &Config::coap_threads, {.min = 1, .max = 256}, "8",
                  "CoAP worker threads"),
       }},
      {"CoAP over DTLS 1.2",
       "",
       {
           boolKey("coaps.enabled", &Config::coaps_enabled, "false",
                   "serve CoAP over DTLS 1.2 (needs a certificate or tls.psk)"),
           stringKey("coaps.address", &Config::coaps_address, "127.0.0.1", "CoAPS listen address"),
           portKey("coaps.port", &Config::coaps_port, "5684",
                   "CoAPS listen port; 0 picks a free port (read it from the CSEBase poa)"),
       }},
  };
}

}  // namespace citadel::engine
