#include "cse/app/maf_target.h"

#include <iostream>

#include "cse/app/enrolment_target.h"
#include "security/enrolment/enrolment_keys.h"
#include "security/mef_client/maf_client.h"

namespace citadel::app {

model::Result<std::unique_ptr<security::mef::TargetKeyDirectory>> makeMafTarget(
    const engine::Config& config, const model::PskDirectory* next, int suid) {
  namespace mef = security::mef;
  if (config.maf_address.empty()) return std::unique_ptr<mef::TargetKeyDirectory>();
  CITADEL_ASSIGN_OR_RETURN(
      mef::MefClientOptions client,
      mef::keyServiceClient(config.maf_address, config.maf_fqdn, config.maf_credential_file,
                       config.enrolment_fetch_timeout_ms, "maf.address"));
  client.peer_name = "MAF";

  mef::KeyFetcher fetch = [client, suid](const std::string& key_id)
      -> model::Result<mef::FetchAnswer> {
    CITADEL_ASSIGN_OR_RETURN(mef::MafMessage got,
                             mef::retrieveKey(client, key_id.substr(0, key_id.find('@'))));
    if (*got.suid != suid) {
      // A key registered for another use is never used for this one, whoever registered it.
      return model::Status::badRequest("the key is for another SUID", "mef.refused");
    }
    mef::FetchAnswer answer;
    answer.key_id = key_id;
    answer.suid = *got.suid;
    if (suid == kMafEsprimSuid) {
      CITADEL_ASSIGN_OR_RETURN(answer.key,
                               security::enrolment::deriveMafEsprimKey(*got.key_value));
    } else {
      answer.key = *got.key_value;
    }
    answer.enrolee_id = *got.source_client_id;
    answer.expires = *got.expiration_time;
    answer.lifetime = answer.expires - std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count();
    return answer;
  };
  mef::TargetKeyOptions options;
  options.suid = suid;
  options.mef_fqdn = config.maf_fqdn;
  options.source_name = "MAF";
  options.refusal_ttl = std::chrono::seconds(config.enrolment_refusal_ttl_s);
  options.max_fetches_per_second = static_cast<size_t>(config.enrolment_max_fetches_per_second);
  options.pending_wait = client.io_timeout;
  options.slow_fetch = client.io_timeout / 2;
  static const model::SystemClock clock;
  std::cout << "Target MAF Client: SUID " << suid << " keys of " << config.maf_fqdn << " from "
            << config.maf_address << " as " << client.psk.identity << std::endl;
  return std::make_unique<mef::TargetKeyDirectory>(next, std::move(fetch), clock, options);
}

}  // namespace citadel::app
