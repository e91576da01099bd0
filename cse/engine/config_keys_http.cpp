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
           intKey("http.threads", &Config::http_threads, {.min = 0, .max = 1024}, "0",
                  "HTTP(S) threads (per listener): each reads, handles and answers the "
                  "requests of its share of the connections (given round-robin); an idle or "
                  "slow connection holds none. 0: twice the CPU count, at least 4 (more "
                  "threads than cores lengthen the tail under many connections: BENCHMARKS.md)"),
           intKey("http.maxHandoffThreads", &Config::http_max_handoff_threads,
                  {.min = 0, .max = 4096}, "64",
                  "a request that waits for a remote peer (DAS, verification) hands its "
                  "thread's other connections to a new thread; at most this many at once per "
                  "listener (beyond: the wait holds that thread's connections)"),
           intKey("http.requestTimeout", &Config::http_request_timeout_ms,
                  {.min = 10, .max = 10000, .unit = "ms"}, "10000",
                  "a request (TLS handshake, headers, body) must arrive within this of its "
                  "first byte, and its response be read within it; else the connection closes"),
           intKey("http.idleTimeout", &Config::http_idle_timeout_ms,
                  {.min = 10, .max = 3600000, .unit = "ms"}, "30000",
                  "an idle keep-alive connection is closed after this"),
           intKey("http.maxConnections", &Config::http_max_connections, {.min = 1}, "10000",
                  "open HTTP(S) connections at most, per listener; further ones are closed"),
           intKey("http.maxHeaderBytes", &Config::http_max_header_bytes,
                  {.min = 1024, .max = 1048576, .unit = "bytes"}, "65536",
                  "request line and header fields at most; beyond, 431 and the connection closes"),
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
