#include "cse/app/enrolment_target.h"

#include <iostream>

#include "security/mef_client/bootstrap_psk_file.h"
#include "security/mef_client/mef_client.h"

namespace citadel::app {

model::Result<security::mef::MefClientOptions> mefClientFor(
    const engine::Config& config, const std::string& credential_file) {
  return security::mef::keyServiceClient(config.enrolment_mef, config.enrolment_mef_fqdn,
                                         credential_file, config.enrolment_fetch_timeout_ms,
                                         "enrolment.mef");
}

model::Result<std::unique_ptr<security::mef::TargetKeyDirectory>> makeEnrolmentTarget(
    const engine::Config& config, const model::PskDirectory* local, int suid) {
  namespace mef = security::mef;
  if (config.enrolment_mef.empty() ||
      (config.enrolment_credential_file.empty() && !config.enrolment_use_certificate)) {
    return std::unique_ptr<mef::TargetKeyDirectory>();  // not an Enrolment Target
  }
  mef::MefClientOptions client;
  if (config.enrolment_use_certificate) {
    // TS-0003 §8.3.2.1 step f: the certificate pre-configured between target and MEF.
    CITADEL_ASSIGN_OR_RETURN(client, mef::keyServiceClient(config.enrolment_mef,
                                                           config.enrolment_mef_fqdn, "",
                                                           config.enrolment_fetch_timeout_ms,
                                                           "enrolment.mef"));
    client.certificate = {config.tls_certificate, config.tls_private_key, config.tls_ca_file};
  } else {
    CITADEL_ASSIGN_OR_RETURN(client, mefClientFor(config, config.enrolment_credential_file));
  }
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
            << (config.enrolment_use_certificate ? config.tls_certificate : client.psk.identity)
            << std::endl;
  return std::make_unique<mef::TargetKeyDirectory>(local, std::move(fetch), clock, options);
}

}  // namespace citadel::app
