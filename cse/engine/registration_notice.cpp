#include "cse/engine/registration_notice.h"

#include "cse/engine/forwarding/request_forwarder.h"
#include "cse/model/log.h"
#include "cse/random/random_id.h"

namespace citadel::engine {

void RegistrationNotice::remoteCseDeleted(const resources::Resource& removed,
                                          const std::string& originator) {
  std::string csi = removed.attributes.value("csi", "");
  if (csi.empty() || csi == originator || csi == identity_.cse_id) return;
  std::string url;
  std::string to = csi + "/" + identity_.cseBaseRi();
  for (const auto& poa : removed.attributes.value("poa", model::Json::array())) {
    if (!poa.is_string()) continue;
    url = RequestForwarder::targetUri(poa.get<std::string>(), to, csi);
    if (!url.empty()) break;
  }
  if (url.empty()) {
    LOG_INFO("deregistration: " << model::logSafe(csi) << " has no point of access to tell");
    return;
  }
  model::Request request;
  request.operation = model::Operation::kDelete;
  request.to = to;
  request.originator = identity_.cse_id;
  request.request_id = random::unguessableId("dereg-");
  request.release_version_indicator = "3";
  model::Response answer = sender_.send(url, request);
  if (!model::isSuccess(answer.status_code)) {
    LOG_WARN("deregistration: DELETE of " << model::logSafe(to) << " answered rsc "
                                           << static_cast<int>(answer.status_code));
  }
}

}  // namespace citadel::engine
