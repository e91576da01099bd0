// The HTTP binding's keys (http.*, TS-0009) and its TLS listener's (https.*).
#include "cse/engine/config_keys.h"

namespace citadel::engine {

std::vector<ConfigSection> httpConfigSections() {
  return {
      {"HTTP binding (TS-0009)",
       "",
       {
           boolKey("http.enabled", &Config::http_enabled, "true",
                   "serve plain HTTP (false: only the secure and other bindings)"),
           stringKey("http.address", &Config::http_address, "127.0.0.1", "HTTP listen address"),
           portKey("http.port", &Config::http_port, "8080",
                   "HTTP listen port; 0 picks a free port and prints it"),
           intKey("http.threads", &Config::http_threads, {.min = 2}, "64",
                  "maximum HTTP worker threads (one per keep-alive connection)"),
       }},
      {"HTTPS (TLS 1.2/1.3)",
       "tools/make_test_pki.sh makes a test CA and certificates.",
       {
           boolKey("https.enabled", &Config::https_enabled, "false",
                   "serve HTTPS (TLS 1.2/1.3; needs tls.certificate, tls.privateKey)"),
           stringKey("https.address", &Config::https_address, "127.0.0.1", "HTTPS listen address"),
           portKey("https.port", &Config::https_port, "8443",
                   "HTTPS listen port; 0 picks a free port (printed, and in the CSEBase poa)"),
       }},
  };
}

}  // namespace citadel::engine
