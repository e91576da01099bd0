#include "cse/engine/notification/notification_verifier.h"

#include <vector>

namespace citadel::engine {

using model::Json;
using model::Status;

Status NotificationVerifier::verify(const Json& attributes, const std::string& ri,
                                    const std::string& originator, const Json* previous) {
  std::vector<std::string> targets;
  for (const auto& entry : attributes.value("nu", Json::array())) {
    if (entry.is_string()) targets.push_back(entry.get<std::string>());
  }
  // subscriberURI receives the deletion notice: a URL of someone else's is verified like nu.
  if (auto su = attributes.find("su"); su != attributes.end() && su->is_string()) {
    targets.push_back(su->get<std::string>());
  }
  for (const auto& target : targets) {
    if (isOriginator(target, originator) || wasVerified(target, previous)) {
      continue;
    }
    CITADEL_RETURN_IF_ERROR(verifyTarget(target, ri, originator));
  }
  return {};
}

bool NotificationVerifier::isOriginator(const std::string& target,
                                        const std::string& originator) const {
  // TS-0004 §7.4.8.2.1: targets other than the Originator are verified. Only the Originator's
  // ID names the Originator: a URL, even one listed in its own (self-declared) poa, may point
  // anywhere.
  if (isNotificationUrl(target)) {
    return false;
  }
  auto resolved = resolver_.resolveId(target);
  return resolved.isOk() && resolved.value().ri() == originator;
}

bool NotificationVerifier::wasVerified(const std::string& target, const Json* previous) {
  if (previous == nullptr) {
    return false;
  }
  for (const auto& entry : previous->value("nu", Json::array())) {
    if (entry.is_string() && entry.get_ref<const std::string&>() == target) return true;
  }
  auto su = previous->find("su");
  return su != previous->end() && su->is_string() && su->get_ref<const std::string&>() == target;
}

Status NotificationVerifier::verifyTarget(const std::string& target, const std::string& ri,
                                          const std::string& originator) {
  std::vector<std::string> urls = targets_.resolve(target);
  if (urls.empty()) {
    return {model::Rsc::kSubscriptionVerificationInitiationFailed,
            "notification target '" + target + "' cannot be reached for verification",
            "subscription.verification_unreachable"};
  }
  model::Response answer = sender_.send(
      urls.front(), composer_.notifyRequest(composer_.verificationRequest(ri, originator), ""));
  if (answer.status_code != model::Rsc::kOk) {
    return {model::Rsc::kSubscriptionVerificationInitiationFailed,
            "notification target '" + target + "' refused verification (rsc " +
                std::to_string(static_cast<int>(answer.status_code)) + ")",
            "subscription.verification_refused"};
  }
  return {};
}

}  // namespace citadel::engine
