#pragma once
// Configuration: a documented key = value file plus a --<key>=<value> override for every key.
// Key names are fixed (scripts and test tools drive any build with them). Each key is declared
// once, with its field, kind, default and help, in cse/engine/config_keys_<component>.cpp (the
// schema: config_schema.h); the parser, --help and citadel.conf.example all follow from there.

#include <cstdint>
#include <string>
#include <vector>

#include "cse/model/status.h"

namespace citadel::engine {

struct Config {
  std::string cse_id = "id-in";              // cse.id (without the leading '/')
  std::string cse_name = "cse-in";           // cse.name
  std::string sp_id = "citadel.example.com"; // cse.spid
  std::string cse_type = "IN";               // cse.type: IN, MN or ASN
  std::string admin = "CAdmin";              // cse.admin
  std::string admin_from = "loopback";       // cse.adminFrom: loopback or any
  std::string cse_location;                  // cse.location: the CSEBase's loc as JSON ("": none)
  bool http_enabled = true;                  // http.enabled (plain HTTP listener)
  std::string http_address = "127.0.0.1";    // http.address
  uint16_t http_port = 8080;                 // http.port (0: pick a free port and print it)
  int http_threads = 0;                      // http.threads (0: twice the CPUs, >= 4)
  int64_t http_request_timeout_ms = 10000;   // http.requestTimeout
  int64_t http_idle_timeout_ms = 30000;      // http.idleTimeout
  int64_t http_max_connections = 10000;      // http.maxConnections
  int64_t http_max_handoff_threads = 64;     // http.maxHandoffThreads
  int64_t http_max_header_bytes = 65536;     // http.maxHeaderBytes
  std::string storage_path = "./data";       // storage.path
  bool storage_sync = false;                 // storage.sync
  std::string log_level = "info";            // log.level
  uint64_t max_request_bytes = 1 << 20;      // limits.maxRequestBytes
  int max_header_count = 64;                 // limits.maxHeaders
  int64_t expiration_default_s = 31536000;   // expiration.default (seconds from now)
  int64_t expiration_max_s = 315360000;      // expiration.max (seconds from now)
  bool upper_tester_enabled = false;         // upperTester.enabled
  int64_t expiry_interval_ms = 1000;         // expiration.checkInterval
  int notification_workers = 4;              // notification.workers
  int64_t notification_timeout_ms = 3000;    // notification.timeout
  int64_t notification_queue_size = 100000;  // notification.queueSize
  int nonblocking_workers = 4;               // nonBlocking.workers
  int64_t nonblocking_queue_size = 1000;     // nonBlocking.queueSize
  int64_t nonblocking_lifetime_s = 3600;     // nonBlocking.lifetime
  int64_t nonblocking_max_per_originator = 1000;  // nonBlocking.maxPerOriginator
  int64_t nonblocking_queue_bytes = 64 << 20;     // nonBlocking.queueBytes
  int64_t notification_batch_duration_s = 10;  // notification.batchDuration
  bool https_enabled = false;                // https.enabled
  std::string https_address = "127.0.0.1";   // https.address
  uint16_t https_port = 8443;                // https.port (0: pick a free port)
  std::string tls_certificate;               // tls.certificate (PEM)
  std::string tls_private_key;               // tls.privateKey (PEM, unencrypted)
  std::string tls_ca_file;                   // tls.caFile (PEM trust anchors for clients)
  std::string tls_client_auth = "none";      // tls.clientAuth: none, optional, required
  std::string tls_crl_file;                  // tls.crlFile: PEM CRLs ("": no status check)
  bool tls_psk = false;                      // tls.psk: accept TLS-PSK / DTLS-PSK handshakes
  std::string tls_psk_store;                 // tls.pskStore ("": <storage.path>/psk.keys)
  // This CSE as an Enrolment Target (TS-0003 §8.3.2.1 step f): TLS-PSK keys fetched from a MEF.
  std::string enrolment_mef;                 // enrolment.mef: host:port ("": off)
  std::string enrolment_mef_fqdn;            // enrolment.mefFqdn: the KeID suffix
  std::string enrolment_credential_file;     // enrolment.credentialFile: 'identity hexkey'
  std::string enrolment_target_id;           // enrolment.targetId: our Enrolment-Target-ID
  bool enrolment_enrol_certificate = false;  // enrolment.enrolCertificate: EST at start-up
  bool enrolment_use_certificate = false;    // enrolment.useCertificate: target by certificate
  std::string enrolment_enrolee_credential_file;  // enrolment.enroleeCredentialFile
  int64_t enrolment_fetch_timeout_ms = 3000;   // enrolment.fetchTimeout
  int64_t enrolment_refusal_ttl_s = 30;        // enrolment.refusalTtl
  int64_t enrolment_max_fetches_per_second = 10;  // enrolment.maxFetchesPerSecond
  // This CSE as a Target MAF Client (TS-0003 §8.8.2.8): SAEF keys retrieved from a MAF.
  std::string maf_address;                   // maf.address: host:port ("": off)
  std::string maf_fqdn;                      // maf.fqdn: the Key Identifier suffix
  std::string maf_credential_file;           // maf.credentialFile: 'KmID hexKm'
  std::string acp_locations;                 // acp.locations: retained originator locations
  std::string token_issuers;                 // token.issuers: file of trusted token issuers
  std::vector<std::string> role_issuers;     // role.issuers: trusted role authorities (a,b)
  int64_t das_timeout_ms = 2000;             // das.timeout: bound of one DAS consultation
  std::vector<std::string> das_default;      // das.default: system default DAS URIs (a,b)
  // Distributed authorization (TS-0003 §7.5): this CSE as a PDP and PRP.
  bool authorization_pdp = false;                     // authorization.pdp
  bool authorization_prp = false;                     // authorization.prp
  bool authorization_pip = false;                     // authorization.pip
  std::vector<std::string> authorization_requesters;  // authorization.requesters
  std::vector<std::string> authorization_policies;    // authorization.policies
  std::vector<std::string> authorization_policy_sources;  // authorization.policySources
  std::vector<std::string> authorization_repositories;    // authorization.repositories
  bool coaps_enabled = false;                // coaps.enabled (CoAP over DTLS 1.2)
  std::string coaps_address = "127.0.0.1";   // coaps.address
  uint16_t coaps_port = 5684;                // coaps.port (0: pick a free port)
  bool coap_enabled = false;                 // coap.enabled
  std::string coap_address = "127.0.0.1";    // coap.address
  uint16_t coap_port = 5683;                 // coap.port (0: pick a free port)
  int coap_threads = 8;                      // coap.threads
  bool mqtt_enabled = false;                 // mqtt.enabled
  std::string mqtt_broker = "tcp://127.0.0.1:1883";  // mqtt.broker
  std::string mqtt_client_id;                // mqtt.clientId ("": "C::<cse.id>")
  std::string mqtt_username;                 // mqtt.username ("": none)
  std::string mqtt_password;                 // mqtt.password (never logged)
  std::string mqtt_ca_file;                  // mqtt.caFile (broker CA, for ssl:// / mqtts://)
  std::string mqtt_certificate;              // mqtt.certificate (client certificate, PEM)
  std::string mqtt_private_key;              // mqtt.privateKey (its key, PEM)
  // mqtt.foreignBrokers: host:port of brokers other than mqtt.broker that notifications and DAS
  // consultations may go to, without credentials (issue 15 #3). Empty: none.
  std::vector<std::string> mqtt_foreign_brokers;
  // mqtt.passwordFile: a file (mode 0600) whose first line is the MQTT password, so that the
  // password is neither in the config file nor in /proc/<pid>/cmdline (issue 15 #18).
  std::string mqtt_password_file;
  // security.allowInsecureKeyFiles: a secret-bearing file that others may read is a warning,
  // not a refusal to start (issue 15 #18). For test benches only.
  bool allow_insecure_key_files = false;
  // token.requireAudience: a token without aud is refused (issue 15 #19).
  bool token_require_audience = true;
  // das.tokenIssuers: "issuer=das-uri" pairs; a token a DAS issues counts only when its iss is
  // bound to that DAS here (issue 15 #19). A DAS without an entry issues no usable token.
  std::vector<std::string> das_token_issuers;
  int64_t das_grants_per_originator = 100;  // das.grantsPerOriginator
  int64_t das_grants_total = 10000;         // das.grantsTotal
  bool esprim_enabled = false;              // esprim.enabled
  std::string esprim_key_file;              // esprim.keyFile ("": <storage.path>/esprim.keys)
  int64_t esprim_rand_lifetime_s = 3600;    // esprim.randLifetime
  int64_t esprim_rand_objects = 4096;       // esprim.randObjects
  int64_t esprim_rand_objects_per_originator = 8;  // esprim.randObjectsPerOriginator
  int64_t esprim_shared_rand_lifetime_s = 0;       // esprim.sharedRandLifetime (0: no esro)
  bool esprim_cert_ke = false;                     // esprim.certKe (ESCertKE, TS-0003 §8.7)
  int64_t esprim_cert_ke_lifetime_s = 86400;       // esprim.certKeLifetime

  // CSE registration (TS-0001 §10.2.2.7), declared in config_keys_registration.cpp.
  std::string registrar_url;                    // registrar.url ("": do not register)
  std::string registrar_cse_id;                 // registrar.cseId (without the leading '/')
  std::string registrar_cse_base_name = "cse-in";  // registrar.cseBaseName
  int64_t registrar_retry_max_ms = 60000;       // registrar.retryMax: bound of the backoff
  int64_t registrar_refresh_ms = 60000;         // registrar.refreshInterval
  bool registrar_request_reachable = true;      // registrar.requestReachable
  int64_t registrar_poll_wait_ms = 20000;       // registrar.pollWait
  std::string plain_cse = "off";                // security.plainCse: off, loopback or any

  // Not keys: set by parseCommandLine. The --config file read ("" none), for the mode check of
  // a config file that holds mqtt.password.
  std::string config_file;

  // Memory bounds (issue 15 #12), limits.*: what one request, subscription or peer may make the
  // CSE hold. Declared in config_keys_limits.cpp.
  uint64_t max_response_bytes = 8 << 20;          // limits.maxResponseBytes (rcn 4-8, discovery)
  uint64_t notification_queue_bytes = 64 << 20;   // limits.notificationQueueBytes (all targets)
  uint64_t notification_target_bytes = 4 << 20;  // limits.notificationTargetBytes (one target)
  uint64_t notification_buffer_bytes = 1 << 20;   // limits.notificationBufferBytes (bn/rl, one sub)
  uint64_t notification_buffers_total_bytes = 64 << 20;  // limits.notificationBuffersBytes (all)
  int64_t max_notification_uris = 64;             // limits.maxNotificationUris (nu entries)
  uint64_t max_notification_uri_bytes = 16384;    // limits.maxNotificationUriBytes (nu, in all)
  uint64_t coap_block2_bytes = 64 << 20;          // limits.coapBlock2Bytes (all peers)
  uint64_t coap_block2_peer_bytes = 16 << 20;     // limits.coapBlock2PeerBytes (one peer)
  int64_t default_mni = 0;                        // limits.defaultMni (0: none)
  int64_t default_mbs = 0;                        // limits.defaultMbs (0: none)

  // The MQTT client ID in use: mqtt.clientId, else TS-0010 §6.3.3's "C::<CSE-ID>".
  std::string mqttClientId() const;

  // cst of the CSEBase: 1 IN, 2 MN, 3 ASN.
  int cseTypeCode() const;
};

// Applies `key` = `value` through the key's declaration. 4000 naming the key: reason
// "config.unknown_key" when no key is declared as `key`, "config.bad_value" when the value is
// malformed or out of range (then `config` is unchanged).
model::Status applyConfigValue(Config& config, const std::string& key, const std::string& value);
// The rules between keys: TLS needs its certificate and key, client authentication a CA file,
// and at least one binding must be on. 4000 naming the keys to set.
model::Status validateConfig(const Config& config);
// Reads a file of "key = value" lines ('#' starts a comment).
model::Status loadConfigFile(Config& config, const std::string& path);

struct CommandLine {
  Config config;
  bool show_help = false;
  // Lines for the log once logging is set up (never holding a secret's value): e.g. a
  // password given on the command line, which every local user can read in /proc.
  std::vector<std::string> warnings;
};
// Parses argv: --config=<file> is read first, then every --<key>=<value> overrides it.
model::Result<CommandLine> parseCommandLine(int argc, char** argv);
// The text of `citadel --help`: usage, then per section every key with its default, accepted
// values and help line.
std::string helpText();
// The text of citadel.conf.example: every key with its default, per section, with its help as a
// comment. The unit tests compare the shipped file with it; tools' citadel-config-example
// prints it.
std::string exampleConfigText();

}  // namespace citadel::engine
