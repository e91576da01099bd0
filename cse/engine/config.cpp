#include "cse/engine/config.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "cse/model/log.h"

namespace citadel::engine {
namespace {

using model::Status;

// "a, b" -> {"a", "b"}: the list-valued keys (blank items dropped).
std::vector<std::string> splitCommaList(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = std::min(text.find(',', start), text.size());
    std::string item = text.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) items.push_back(std::move(item));
    start = comma + 1;
  }
  return items;
}

Status badValue(const std::string& key, const std::string& value, const char* expected) {
  return Status::badRequest("config key '" + key + "': '" + value + "' is not " + expected,
                            "config.bad_value");
}

template <typename T>
bool parseNumber(const std::string& text, T* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

int Config::cseTypeCode() const { return cse_type == "MN" ? 2 : cse_type == "ASN" ? 3 : 1; }

std::string Config::mqttClientId() const {
  return mqtt_client_id.empty() ? "C::" + cse_id : mqtt_client_id;
}

const std::vector<ConfigKey>& configKeys() {
  static const std::vector<ConfigKey> kKeys = {
      {"cse.id", "id-in", "CSE-ID (SP-relative, without the leading '/')"},
      {"cse.name", "cse-in", "resourceName of the CSEBase"},
      {"cse.spid", "citadel.example.com", "M2M-SP-ID (domain) of the service provider"},
      {"cse.type", "IN", "CSE type: IN, MN or ASN"},
      {"cse.admin", "CAdmin", "admin originator: full access to every resource"},
      {"http.enabled", "true", "serve plain HTTP (false: only the secure and other bindings)"},
      {"http.address", "127.0.0.1", "HTTP listen address"},
      {"http.port", "8080", "HTTP listen port; 0 picks a free port and prints it"},
      {"http.threads", "64", "maximum HTTP worker threads (one per keep-alive connection)"},
      {"storage.path", "./data", "RocksDB directory"},
      {"storage.sync", "false", "fsync the write-ahead log before acknowledging (group commit)"},
      {"log.level", "info", "debug, info, warning, error or off"},
      {"limits.maxRequestBytes", "1048576", "largest accepted request body, in bytes"},
      {"limits.maxHeaders", "64", "most request header fields accepted"},
      {"expiration.default", "31536000", "expirationTime given when a request sets none (s)"},
      {"expiration.max", "315360000", "latest expirationTime accepted; later ones are clamped (s)"},
      {"expiration.checkInterval", "1000", "how often expired resources are removed (ms)"},
      {"upperTester.enabled", "false", "serve the upper-tester interface POST /__ut__ (loopback)"},
      {"notification.workers", "4", "threads delivering notifications (a dead target holds one)"},
      {"notification.timeout", "3000", "connect and answer timeout of one notification (ms)"},
      {"notification.queueSize", "100000", "notifications waiting at most; beyond, new are dropped"},
      {"notification.batchDuration", "10", "batchNotify duration when a subscription sets none (s)"},
      {"https.enabled", "false", "serve HTTPS (TLS 1.2/1.3; needs tls.certificate, tls.privateKey)"},
      {"https.address", "127.0.0.1", "HTTPS listen address"},
      {"https.port", "8443", "HTTPS listen port; 0 picks a free port and prints it"},
      {"tls.certificate", "", "PEM file with this CSE's certificate (chain)"},
      {"tls.privateKey", "", "PEM file with the certificate's private key (never logged)"},
      {"tls.caFile", "", "PEM trust anchors that client certificates must chain to"},
      {"tls.clientAuth", "none", "client certificates: none, optional or required"},
      {"tls.psk", "false", "accept TLS-PSK (HTTPS) and DTLS-PSK (CoAPS) with the keys of tls.pskStore"},
      {"tls.pskStore", "", "PSK key store, mode 0600: lines 'identity originator hexkey'; empty: <storage.path>/psk.keys"},
      {"acp.locations", "", "file of originator locations for aclr rules: 'originator lat lon country' lines"},
      {"token.issuers", "", "file of trusted token issuers: 'issuer-id ES256 public-key.pem' or 'issuer-id HS256 hex:<secret>' lines (0600 when it holds secrets)"},
      {"role.issuers", "", "comma-separated IDs of the authorities whose <role> resources count (their tkis)"},
      {"das.timeout", "2000", "bound of one Dynamic Authorization Server consultation (ms); a timeout denies (4103)"},
      {"das.default", "", "comma-separated DAS URIs consulted where no <dynamicAuthorizationConsultation> applies"},
      {"coaps.enabled", "false", "serve CoAP over DTLS 1.2 (needs a certificate or tls.psk)"},
      {"coaps.address", "127.0.0.1", "CoAPS listen address"},
      {"coaps.port", "5684", "CoAPS listen port; 0 picks a free port (read it from the CSEBase poa)"},
      {"coap.enabled", "false", "serve the CoAP binding (TS-0008, UDP)"},
      {"coap.address", "127.0.0.1", "CoAP listen address"},
      {"coap.port", "5683", "CoAP listen port; 0 picks a free port (read it from the CSEBase poa)"},
      {"coap.threads", "8", "CoAP worker threads"},
      {"mqtt.enabled", "false", "serve the MQTT binding (TS-0010) through the broker mqtt.broker"},
      {"mqtt.broker", "tcp://127.0.0.1:1883", "MQTT broker URI (tcp:// or mqtt://)"},
      {"mqtt.clientId", "", "MQTT client ID; empty: C::<cse.id> (TS-0010 6.3.3)"},
      {"mqtt.username", "", "MQTT user name; empty: connect without credentials"},
      {"mqtt.password", "", "MQTT password (never logged)"},
      {"mqtt.caFile", "", "PEM CA of the broker's certificate (for ssl:// and mqtts:// brokers)"},
      {"mqtt.certificate", "", "PEM client certificate presented to the broker (optional)"},
      {"mqtt.privateKey", "", "PEM key of mqtt.certificate (never logged)"},
  };
  return kKeys;
}

Status applyConfigValue(Config& c, const std::string& key, const std::string& value) {
  if (key == "cse.id") {
    c.cse_id = value.starts_with("/") ? value.substr(1) : value;
    if (c.cse_id.empty() || c.cse_id.find('/') != std::string::npos) {
      return badValue(key, value, "a CSE-ID such as id-in");
    }
  } else if (key == "cse.name") {
    c.cse_name = value;
  } else if (key == "cse.spid") {
    c.sp_id = value.starts_with("//") ? value.substr(2) : value;
  } else if (key == "cse.type") {
    if (value != "IN" && value != "MN" && value != "ASN") {
      return badValue(key, value, "IN, MN or ASN");
    }
    c.cse_type = value;
  } else if (key == "cse.admin") {
    c.admin = value;
  } else if (key == "http.enabled") {
    if (value != "true" && value != "false") return badValue(key, value, "true or false");
    c.http_enabled = value == "true";
  } else if (key == "https.enabled") {
    if (value != "true" && value != "false") return badValue(key, value, "true or false");
    c.https_enabled = value == "true";
  } else if (key == "https.address") {
    c.https_address = value;
  } else if (key == "https.port") {
    if (!parseNumber(value, &c.https_port)) return badValue(key, value, "a port number");
  } else if (key == "tls.certificate") {
    c.tls_certificate = value;
  } else if (key == "tls.privateKey") {
    c.tls_private_key = value;
  } else if (key == "tls.caFile") {
    c.tls_ca_file = value;
  } else if (key == "tls.clientAuth") {
    if (value != "none" && value != "optional" && value != "required") {
      return badValue(key, value, "none, optional or required");
    }
    c.tls_client_auth = value;
  } else if (key == "tls.psk") {
    if (value != "true" && value != "false") return badValue(key, value, "true or false");
    c.tls_psk = value == "true";
  } else if (key == "tls.pskStore") {
    c.tls_psk_store = value;
  } else if (key == "acp.locations") {
    c.acp_locations = value;
  } else if (key == "token.issuers") {
    c.token_issuers = value;
  } else if (key == "role.issuers") {
    c.role_issuers = splitCommaList(value);
  } else if (key == "das.timeout") {
    if (!parseNumber(value, &c.das_timeout_ms) || c.das_timeout_ms < 1 ||
        c.das_timeout_ms > 60000) {
      return badValue(key, value, "milliseconds, 1 to 60000");
    }
  } else if (key == "das.default") {
    c.das_default = splitCommaList(value);
  } else if (key == "coaps.enabled") {
    if (value != "true" && value != "false") return badValue(key, value, "true or false");
    c.coaps_enabled = value == "true";
  } else if (key == "coaps.address") {
    c.coaps_address = value;
  } else if (key == "coaps.port") {
    if (!parseNumber(value, &c.coaps_port)) return badValue(key, value, "a port number");
  } else if (key == "http.address") {
    c.http_address = value;
  } else if (key == "http.port") {
    if (!parseNumber(value, &c.http_port)) return badValue(key, value, "a port number");
  } else if (key == "http.threads") {
    if (!parseNumber(value, &c.http_threads) || c.http_threads < 2) {
      return badValue(key, value, "an integer >= 2");
    }
  } else if (key == "storage.path") {
    c.storage_path = value;
  } else if (key == "storage.sync") {
    if (value != "true" && value != "false") return badValue(key, value, "true or false");
    c.storage_sync = value == "true";
  } else if (key == "log.level") {
    model::LogLevel level;
    if (!model::parseLogLevel(value, &level)) {
      return badValue(key, value, "debug, info, warning, error or off");
    }
    c.log_level = value;
  } else if (key == "limits.maxRequestBytes") {
    if (!parseNumber(value, &c.max_request_bytes) || c.max_request_bytes == 0) {
      return badValue(key, value, "a positive byte count");
    }
  } else if (key == "limits.maxHeaders") {
    if (!parseNumber(value, &c.max_header_count) || c.max_header_count < 8) {
      return badValue(key, value, "an integer >= 8");
    }
  } else if (key == "expiration.default") {
    if (!parseNumber(value, &c.expiration_default_s) || c.expiration_default_s <= 0) {
      return badValue(key, value, "a positive number of seconds");
    }
  } else if (key == "expiration.max") {
    if (!parseNumber(value, &c.expiration_max_s) || c.expiration_max_s <= 0) {
      return badValue(key, value, "a positive number of seconds");
    }
  } else if (key == "expiration.checkInterval") {
    if (!parseNumber(value, &c.expiry_interval_ms) || c.expiry_interval_ms < 10) {
      return badValue(key, value, "a number of milliseconds >= 10");
    }
  } else if (key == "upperTester.enabled") {
    if (value != "true" && value != "false") return badValue(key, value, "true or false");
    c.upper_tester_enabled = value == "true";
  } else if (key == "notification.workers") {
    if (!parseNumber(value, &c.notification_workers) || c.notification_workers < 1 ||
        c.notification_workers > 256) {
      return badValue(key, value, "an integer 1..256");
    }
  } else if (key == "notification.timeout") {
    if (!parseNumber(value, &c.notification_timeout_ms) || c.notification_timeout_ms < 1) {
      return badValue(key, value, "a positive number of milliseconds");
    }
  } else if (key == "notification.queueSize") {
    if (!parseNumber(value, &c.notification_queue_size) || c.notification_queue_size < 1) {
      return badValue(key, value, "a positive count");
    }
  } else if (key == "notification.batchDuration") {
    if (!parseNumber(value, &c.notification_batch_duration_s) ||
        c.notification_batch_duration_s < 1) {
      return badValue(key, value, "a positive number of seconds");
    }
  } else if (key == "coap.enabled") {
    if (value != "true" && value != "false") return badValue(key, value, "true or false");
    c.coap_enabled = value == "true";
  } else if (key == "coap.address") {
    c.coap_address = value;
  } else if (key == "coap.port") {
    if (!parseNumber(value, &c.coap_port)) return badValue(key, value, "a port number");
  } else if (key == "coap.threads") {
    if (!parseNumber(value, &c.coap_threads) || c.coap_threads < 1 || c.coap_threads > 256) {
      return badValue(key, value, "an integer 1..256");
    }
  } else if (key == "mqtt.enabled") {
    if (value != "true" && value != "false") return badValue(key, value, "true or false");
    c.mqtt_enabled = value == "true";
  } else if (key == "mqtt.broker") {
    if (value.find('@') != std::string::npos) {  // not echoed: it would hold a password
      return Status::badRequest("config key 'mqtt.broker': user info is not allowed in the URI; "
                                "set mqtt.username and mqtt.password",
                                "config.bad_value");
    }
    if (!value.starts_with("tcp://") && !value.starts_with("mqtt://") &&
        !value.starts_with("ssl://") && !value.starts_with("mqtts://")) {
      return badValue(key, value, "a broker URI such as tcp://127.0.0.1:1883 or mqtts://h:8883");
    }
    c.mqtt_broker = value;
  } else if (key == "mqtt.clientId") {
    c.mqtt_client_id = value;
  } else if (key == "mqtt.username") {
    c.mqtt_username = value;
  } else if (key == "mqtt.password") {
    c.mqtt_password = value;
  } else if (key == "mqtt.caFile") {
    c.mqtt_ca_file = value;
  } else if (key == "mqtt.certificate") {
    c.mqtt_certificate = value;
  } else if (key == "mqtt.privateKey") {
    c.mqtt_private_key = value;
  } else {
    return Status::badRequest("unknown config key '" + key + "' (see --help)",
                              "config.unknown_key");
  }
  return {};
}

Status validateConfig(const Config& c) {
  bool secure_listener = c.https_enabled || c.coaps_enabled;
  if (c.tls_certificate.empty() != c.tls_private_key.empty()) {
    return Status::badRequest("tls.certificate and tls.privateKey go together",
                              "config.tls_without_keys");
  }
  if (secure_listener && c.tls_certificate.empty() && !c.tls_psk) {
    return Status::badRequest(std::string(c.https_enabled ? "https" : "coaps") +
                                  ".enabled=true needs tls.certificate and tls.privateKey, or "
                                  "tls.psk=true with a key store (tools/make_test_pki.sh makes "
                                  "a test set)",
                              "config.tls_without_keys");
  }
  if (secure_listener && c.tls_client_auth != "none" && c.tls_ca_file.empty()) {
    return Status::badRequest("tls.clientAuth=" + c.tls_client_auth +
                                  " needs tls.caFile (the CA client certificates chain to)",
                              "config.client_auth_without_ca");
  }
  bool mqtt_tls = c.mqtt_broker.starts_with("ssl://") || c.mqtt_broker.starts_with("mqtts://");
  if (c.mqtt_enabled && mqtt_tls && c.mqtt_ca_file.empty()) {
    return Status::badRequest("mqtt.broker " + c.mqtt_broker +
                                  " uses TLS: set mqtt.caFile (the CA of the broker's certificate)",
                              "config.mqtt_tls_without_ca");
  }
  if (c.mqtt_certificate.empty() != c.mqtt_private_key.empty()) {
    return Status::badRequest("mqtt.certificate and mqtt.privateKey go together",
                              "config.mqtt_certificate_without_key");
  }
  if (!c.http_enabled && !c.https_enabled && !c.coap_enabled && !c.coaps_enabled &&
      !c.mqtt_enabled) {
    return Status::badRequest("every binding is off: enable http, https, coap, coaps or mqtt",
                              "config.no_binding");
  }
  return {};
}

Status loadConfigFile(Config& config, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Status::badRequest("cannot read config file " + path, "config.unreadable");
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) {
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string::npos) {
      return Status::badRequest(path + ":" + std::to_string(number) + ": expected key = value",
                                "config.syntax");
    }
    CITADEL_RETURN_IF_ERROR(applyConfigValue(config, trim(line.substr(0, eq)),
                                             trim(line.substr(eq + 1))));
  }
  return {};
}

model::Result<CommandLine> parseCommandLine(int argc, char** argv) {
  CommandLine result;
  std::vector<std::pair<std::string, std::string>> overrides;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      result.show_help = true;
      continue;
    }
    size_t eq = arg.find('=');
    if (!arg.starts_with("--") || eq == std::string::npos) {
      return Status::badRequest("unexpected argument '" + arg + "': use --<key>=<value>",
                                "config.bad_argument");
    }
    overrides.emplace_back(arg.substr(2, eq - 2), arg.substr(eq + 1));
  }
  for (const auto& [key, value] : overrides) {
    if (key == "config") {
      CITADEL_RETURN_IF_ERROR(loadConfigFile(result.config, value));
    }
  }
  for (const auto& [key, value] : overrides) {
    if (key != "config") {
      CITADEL_RETURN_IF_ERROR(applyConfigValue(result.config, key, value));
    }
  }
  if (!result.show_help) {
    CITADEL_RETURN_IF_ERROR(validateConfig(result.config));
  }
  return result;
}

std::string helpText() {
  std::ostringstream out;
  out << "usage: citadel [--config=<file>] [--<key>=<value> ...]\n\n"
      << "A oneM2M CSE. Every key can be set in the config file (key = value) and overridden\n"
      << "on the command line.\n\nkeys (default):\n";
  for (const auto& key : configKeys()) {
    out << "  --" << key.name << "=" << key.default_value << "\n      " << key.description
        << "\n";
  }
  return out.str();
}

}  // namespace citadel::engine
