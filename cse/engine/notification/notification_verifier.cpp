#include "cse/engine/notification/notification_verifier.h"

#include <algorithm>
#include <vector>

namespace citadel::engine {

using model::Json;
using model::Status;

Status NotificationVerifier::verify(const Json& attributes, const std::string& ri,
                                    const std::string& originator) {
  std::vector<std::string> own_poa;
  if (auto self = repository_.load(originator); self.isOk()) {
    for (const auto& poa : self.value().attributes.value("poa", Json::array())) {
      if (poa.is_string()) own_poa.push_back(poa.get<std::string>());
    }
  }
  for (const auto& entry : attributes.value("nu", Json::array())) {
    std::string nu = entry.get<std::string>();
    // TS-0004 §7.4.8.2.1: targets other than the Originator are verified. A URL that is one of
    // the Originator's own points of access is the Originator too.
    bool is_originator =
        isNotificationUrl(nu)
            ? std::find(own_poa.begin(), own_poa.end(), nu) != own_poa.end()
            : resolver_.resolveId(nu).isOk() && resolver_.resolveId(nu).value().ri() == originator;
    if (is_originator) {
      continue;
    }
    std::vector<std::string> urls = targets_.resolve(nu);
    if (urls.empty()) {
      return {model::Rsc::kSubscriptionVerificationInitiationFailed,
              "notification target '" + nu + "' cannot be reached for verification",
              "subscription.verification_unreachable"};
    }
    model::Response answer = sender_.send(
        urls.front(), composer_.notifyRequest(composer_.verificationRequest(ri, originator), ""));
    if (answer.status_code != model::Rsc::kOk) {
      return {model::Rsc::kSubscriptionVerificationInitiationFailed,
              "notification target '" + nu + "' refused verification (rsc " +
                  std::to_string(static_cast<int>(answer.status_code)) + ")",
              "subscription.verification_refused"};
    }
  }
  return {};
}

}  // namespace citadel::engine
