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
  std::vector<ResolvedTarget> targets = targets_.resolve(target);
  model::Response answer;
  if (!targets.empty()) {
    model::Request request =
        composer_.notifyRequest(composer_.verificationRequest(ri, originator), "");
    targets.front().adapt(request);
    answer = sender_.send(targets.front().url, request);
  }
  if (!targets.empty() && answer.status_code == model::Rsc::kOk) {
    return {};
  }
  if (!isNotificationUrl(target)) {
    // An ID is resolved in the resource tree on the originator's behalf, without its privilege
    // on what it names: one answer whether it names nothing, no reachable AE or an AE that
    // refused, so that nu tells nothing about resources the originator may not see (issue 15
    // #16). The target AE itself sees the request.
    return {model::Rsc::kSubscriptionVerificationInitiationFailed,
            "notification target '" + target +
                "' did not confirm the subscription: it names no request-reachable AE with a "
                "point of access that accepted the verification request",
            "subscription.verification_failed"};
  }
  if (targets.empty()) {
    return {model::Rsc::kSubscriptionVerificationInitiationFailed,
            "notification target '" + target + "' cannot be reached for verification",
            "subscription.verification_unreachable"};
  }
  return {model::Rsc::kSubscriptionVerificationInitiationFailed,
          "notification target '" + target + "' refused verification (rsc " +
              std::to_string(static_cast<int>(answer.status_code)) + ")",
          "subscription.verification_refused"};
}

}  // namespace citadel::engine
