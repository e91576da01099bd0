// The config parser: the key = value file and the command line, both applied key by key
// through the declarations of config_schema.h, then the rules that span keys (validateConfig).
#include "cse/engine/config.h"

#include <fstream>

#include "cse/codec/text.h"
#include "cse/engine/config_schema.h"

namespace citadel::engine {
namespace {

using model::Status;

std::string trim(std::string_view text) { return std::string(codec::trim(text, " \t\r")); }

}  // namespace

int Config::cseTypeCode() const { return cse_type == "MN" ? 2 : cse_type == "ASN" ? 3 : 1; }

std::string Config::mqttClientId() const {
  return mqtt_client_id.empty() ? "C::" + cse_id : mqtt_client_id;
}

Status applyConfigValue(Config& c, const std::string& key, const std::string& value) {
  const ConfigKey* declared = findConfigKey(key);
  if (declared == nullptr) {
    return Status::badRequest("unknown config key '" + key + "' (see --help)",
                              "config.unknown_key");
  }
  return declared->apply(c, value);
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
  if (c.enrolment_enrol_certificate &&
      (c.enrolment_mef.empty() || c.enrolment_mef_fqdn.empty() ||
       c.enrolment_enrolee_credential_file.empty() || c.tls_certificate.empty() ||
       c.tls_private_key.empty())) {
    return Status::badRequest(
        "enrolment.enrolCertificate needs enrolment.mef, enrolment.mefFqdn, "
        "enrolment.enroleeCredentialFile, tls.certificate and tls.privateKey",
        "config.enrolment_incomplete");
  }
  if (!c.enrolment_mef.empty()) {
    // Two roles: Enrolment Target (enrolment.credentialFile: fetch the keys of KeIDs) and
    // Enrolee (enrolment.enrolCertificate). At least one.
    bool target = !c.enrolment_credential_file.empty() || !c.enrolment_target_id.empty() ||
                  c.enrolment_use_certificate || !c.enrolment_enrol_certificate;
    if (target && !c.tls_psk) {
      return Status::badRequest("enrolment.mef needs tls.psk=true: fetched keys serve TLS-PSK",
                                "config.enrolment_incomplete");
    }
    bool authenticated = !c.enrolment_credential_file.empty() || c.enrolment_use_certificate;
    if (c.enrolment_mef_fqdn.empty() ||
        (target && (!authenticated || c.enrolment_target_id.empty()))) {
      return Status::badRequest(
          "enrolment.mef needs enrolment.mefFqdn, and as an Enrolment Target "
          "enrolment.credentialFile (or enrolment.useCertificate) and enrolment.targetId",
          "config.enrolment_incomplete");
    }
    if (c.enrolment_use_certificate &&
        (c.tls_certificate.empty() || c.tls_private_key.empty() || c.tls_ca_file.empty())) {
      return Status::badRequest(
          "enrolment.useCertificate needs tls.certificate, tls.privateKey and tls.caFile",
          "config.enrolment_incomplete");
    }
    size_t colon = c.enrolment_mef.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == c.enrolment_mef.size()) {
      return Status::badRequest("enrolment.mef: expected host:port, found " + c.enrolment_mef,
                                "config.bad_value");
    }
  }
  if (!c.maf_address.empty()) {
    if (!c.tls_psk) {
      return Status::badRequest("maf.address needs tls.psk=true: retrieved keys serve TLS-PSK",
                                "config.maf_incomplete");
    }
    if (c.maf_fqdn.empty() || c.maf_credential_file.empty()) {
      return Status::badRequest("maf.address needs maf.fqdn and maf.credentialFile",
                                "config.maf_incomplete");
    }
    size_t colon = c.maf_address.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == c.maf_address.size()) {
      return Status::badRequest("maf.address: expected host:port, found " + c.maf_address,
                                "config.bad_value");
    }
  }
  bool mqtt_tls = c.mqtt_broker.starts_with("ssl://") || c.mqtt_broker.starts_with("mqtts://");
  if (c.mqtt_enabled && mqtt_tls && c.mqtt_ca_file.empty()) {
    return Status::badRequest("mqtt.broker " + c.mqtt_broker +
                                  " uses TLS: set mqtt.caFile (the CA of the broker's certificate)",
                              "config.mqtt_tls_without_ca");
  }
  if (!c.mqtt_password.empty() && !c.mqtt_password_file.empty()) {
    return Status::badRequest("mqtt.password and mqtt.passwordFile exclude each other",
                              "config.mqtt_two_passwords");
  }
  if (c.mqtt_certificate.empty() != c.mqtt_private_key.empty()) {
    return Status::badRequest("mqtt.certificate and mqtt.privateKey go together",
                              "config.mqtt_certificate_without_key");
  }
  // TS-0001 §6.2.2: an MN-CSE or ASN-CSE registers with a Registrar; an IN-CSE has none here
  // (inter-SP registration, §6.5, is not implemented).
  if (!c.registrar_url.empty() && c.cse_type == "IN") {
    return Status::badRequest("registrar.url is set but cse.type is IN: an IN-CSE does not "
                              "register; set cse.type=MN or ASN",
                              "config.registrar_for_in");
  }
  if (c.registrar_url.empty() != c.registrar_cse_id.empty()) {
    return Status::badRequest("registrar.url and registrar.cseId go together",
                              "config.registrar_incomplete");
  }
  if (!c.registrar_cse_id.empty() && c.registrar_cse_id == c.cse_id) {
    return Status::badRequest("registrar.cseId equals cse.id: a CSE does not register with "
                              "itself", "config.registrar_is_self");
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
      result.config.config_file = value;
    }
  }
  for (const auto& [key, value] : overrides) {
    if (key != "config") {
      CITADEL_RETURN_IF_ERROR(applyConfigValue(result.config, key, value));
    }
    if (key == "mqtt.password" && !value.empty()) {  // the value is never repeated
      result.warnings.push_back(
          "mqtt.password is on the command line, where every local user can read it "
          "(/proc/<pid>/cmdline): use mqtt.passwordFile");
    }
  }
  if (!result.show_help) {
    CITADEL_RETURN_IF_ERROR(validateConfig(result.config));
  }
  return result;
}

}  // namespace citadel::engine
