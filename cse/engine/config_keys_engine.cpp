// The engine's own keys: storage, logging, request limits, expiration, notification delivery
// and the upper-tester interface.
#include "cse/engine/config_keys.h"
#include "cse/model/log.h"

namespace citadel::engine {
namespace {

using model::Status;

// model::parseLogLevel decides; it also takes "warn" for "warning", as it always has.
Status checkLogLevel(const std::string& key, std::string& value) {
  model::LogLevel level;
  if (!model::parseLogLevel(value, &level)) {
    return badConfigValue(key, value, "debug, info, warning, error or off");
  }
  return {};
}

}  // namespace

std::vector<ConfigSection> engineConfigSections() {
  return {
      {"Storage (RocksDB)",
       "",
       {
           stringKey("storage.path", &Config::storage_path, "./data", "RocksDB directory"),
           boolKey("storage.sync", &Config::storage_sync, "false",
                   "fsync the write-ahead log before acknowledging (group commit)"),
       }},
      {"Logging",
       "",
       {
           stringKey("log.level", &Config::log_level, "info",
                     "least severe level written (warn: warning)", checkLogLevel,
                     "debug|info|warning|error|off"),
       }},
      {"Limits",
       "",
       {
           intKey("limits.maxRequestBytes", &Config::max_request_bytes, {.min = 1, .unit = "bytes"},
                  "1048576", "largest accepted request body"),
           intKey("limits.maxHeaders", &Config::max_header_count, {.min = 8}, "64",
                  "most request header fields accepted"),
       }},
      {"expirationTime (et)",
       "",
       {
           intKey("expiration.default", &Config::expiration_default_s, {.min = 1, .unit = "s"},
                  "31536000", "expirationTime given when a request sets none, from now"),
           intKey("expiration.max", &Config::expiration_max_s, {.min = 1, .unit = "s"}, "315360000",
                  "latest expirationTime accepted, from now; later ones are clamped"),
           intKey("expiration.checkInterval", &Config::expiry_interval_ms,
                  {.min = 10, .unit = "ms"}, "1000", "how often expired resources are removed"),
       }},
      {"Notifications",
       "",
       {
           intKey("notification.workers", &Config::notification_workers, {.min = 1, .max = 256},
                  "4", "threads delivering notifications (a dead target holds one)"),
           intKey("notification.timeout", &Config::notification_timeout_ms,
                  {.min = 1, .unit = "ms"}, "3000",
                  "connect and answer timeout of one notification"),
           intKey("notification.queueSize", &Config::notification_queue_size, {.min = 1}, "100000",
                  "notifications waiting at most; beyond, new are dropped"),
           intKey("notification.batchDuration", &Config::notification_batch_duration_s,
                  {.min = 1, .unit = "s"}, "10",
                  "batchNotify duration when a subscription sets none"),
       }},
      {"Non-blocking requests (rt 1 and 2)",
       "",
       {
           intKey("nonBlocking.workers", &Config::nonblocking_workers, {.min = 1, .max = 256},
                  "4", "threads running accepted non-blocking requests"),
           intKey("nonBlocking.queueSize", &Config::nonblocking_queue_size, {.min = 0}, "1000",
                  "accepted requests waiting at most; beyond (and at 0), rt 1/2 answer 5206"),
           intKey("nonBlocking.lifetime", &Config::nonblocking_lifetime_s,
                  {.min = 1, .unit = "s"}, "3600",
                  "a <request> expires this long after its rqet/rset/oet (or acceptance)"),
           intKey("nonBlocking.maxPerOriginator", &Config::nonblocking_max_per_originator,
                  {.min = 1}, "1000",
                  "unexpired <request> resources one originator may hold; beyond, 5206 (an "
                  "originator cannot fill the store with results)"),
           intKey("nonBlocking.queueBytes", &Config::nonblocking_queue_bytes,
                  {.min = 1024, .unit = "bytes"}, "67108864",
                  "content of the accepted requests waiting, in all; beyond, 5206"),
       }},
      {"Upper tester",
       "",
       {
           boolKey("upperTester.enabled", &Config::upper_tester_enabled, "false",
                   "serve the upper-tester interface POST /__ut__ (loopback only)"),
       }},
  };
}

}  // namespace citadel::engine
