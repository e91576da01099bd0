#include "cse/app/enrolment_target.h"

#include <charconv>
#include <iostream>

#include "security/mef_client/bootstrap_psk_file.h"
#include "security/mef_client/mef_client.h"

namespace citadel::app {

model::Result<security::mef::MefClientOptions> keyServiceClient(
    const std::string& address, const std::string& fqdn, const std::string& credential_file,
    int timeout_ms, std::string_view address_key) {
  namespace mef = security::mef;
  mef::MefClientOptions client;
  // validateConfig checked the host:port form.
  size_t colon = address.rfind(':');
  client.host = address.substr(0, colon);
  std::string_view port = std::string_view(address).substr(colon + 1);
  auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), client.port);
  if (error != std::errc() || end != port.data() + port.size() || client.port == 0) {
    return model::Status::badRequest(std::string(address_key) + ": '" + std::string(port) +
                                         "' is not a port",
                                     "config.bad_value");
  }
  client.mef_fqdn = fqdn;
  client.io_timeout = std::chrono::milliseconds(timeout_ms);
  CITADEL_ASSIGN_OR_RETURN(mef::BootstrapPsks credential,
                           mef::BootstrapPsks::load(credential_file));
  if (credential.size() != 1) {
    return model::Status::badRequest(credential_file + ": expected exactly one credential",
                                     "mef.psk_file");
  }
  client.psk = *credential.first();
  return client;
}

model::Result<security::mef::MefClientOptions> mefClientFor(
    const engine::Config& config, const std::string& credential_file) {
  return keyServiceClient(config.enrolment_mef, config.enrolment_mef_fqdn, credential_file,
                          config.enrolment_fetch_timeout_ms, "enrolment.mef");
}

model::Result<std::unique_ptr<security::mef::TargetKeyDirectory>> makeEnrolmentTarget(
    const engine::Config& config, const model::PskDirectory* local, int suid) {
  namespace mef = security::mef;
  if (config.enrolment_mef.empty() || config.enrolment_credential_file.empty()) {
    return std::unique_ptr<mef::TargetKeyDirectory>();  // not an Enrolment Target
  }
  CITADEL_ASSIGN_OR_RETURN(mef::MefClientOptions client,
                           mefClientFor(config, config.enrolment_credential_file));
  std::string target_id = config.enrolment_target_id;
  mef::KeyFetcher fetch = [client, target_id, suid](const std::string& key_id) {
    return mef::fetchCredentials(client, key_id, suid, target_id);
  };

  mef::TargetKeyOptions options;
  options.suid = suid;
  options.mef_fqdn = config.enrolment_mef_fqdn;
  options.refusal_ttl = std::chrono::seconds(config.enrolment_refusal_ttl_s);
  options.max_fetches_per_second = static_cast<size_t>(config.enrolment_max_fetches_per_second);
  // A second handshake for the same KeID waits as long as the retrieval itself may take.
  options.pending_wait = client.io_timeout;
  // An answer that takes half the bound marks the MEF as slow: back off (see the header).
  options.slow_fetch = client.io_timeout / 2;
  static const model::SystemClock clock;
  std::cout << "Enrolment Target " << target_id << ": SUID " << suid << " keys of "
            << config.enrolment_mef_fqdn << " from " << config.enrolment_mef << " as "
            << client.psk.identity << std::endl;
  return std::make_unique<mef::TargetKeyDirectory>(local, std::move(fetch), clock, options);
}

}  // namespace citadel::app
