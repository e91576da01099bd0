#include "security/remote_policies.h"

#include "cse/model/log.h"
#include "security/authorization_exchange.h"
#include "resources/types/access_control_policy.h"

namespace citadel::security {

using model::Json;
using Outcome = RemotePolicies::Outcome;

RemotePolicies fetchPolicies(model::PrimitiveSender& sender, const std::string& prp,
                             const std::string& to, const resources::CseIdentity& identity) {
  model::Request sent = authorizationUpdate(prp, identity, "prp-", "m2m:aupy", {{"to", to}});
  model::Response response = sender.send(prp, sent);
  AuthorizationAnswer read = readAuthorizationAnswer(response, sent, "m2m:aupy", identity);
  RemotePolicies answer;
  auto unusable = [&](std::string_view why) {
    LOG_INFO("PRP " << model::logSafe(prp) << ": " << why);
    answer.outcome = Outcome::kUnusable;
    answer.rule_sets.clear();
    return answer;
  };
  if (read.kind == AuthorizationAnswer::Kind::kNoAnswer) {
    LOG_INFO("PRP " << model::logSafe(prp) << " gave no policies: rsc "
                    << static_cast<int>(response.status_code) << " " << response.reason);
    return answer;  // kNoAnswer
  }
  if (read.kind == AuthorizationAnswer::Kind::kUnusable) return unusable(read.why);
  if (read.status == 2) {
    answer.outcome = Outcome::kNotApplicable;
    return answer;
  }
  if (read.status != 1) return unusable("status other than OK");
  const Json* aupy = read.result;
  auto combining = aupy->find("ca");
  if (combining != aupy->end() && *combining != Json(1)) {
    return unusable("a combining algorithm other than PERMIT_OVERRIDES");
  }
  auto policies = aupy->find("ps");
  if (policies == aupy->end() || !policies->is_object() || !policies->contains("pv") ||
      !(*policies)["pv"].is_array()) {
    return unusable("ps is not an m2m:setOfPermissions");
  }
  for (const Json& rules : (*policies)["pv"]) {
    if (!resources::validateSetOfAcrs(rules, "ps.pv").isOk()) {
      return unusable("a policy in ps is not a valid m2m:setOfAcrs");
    }
    answer.rule_sets.push_back(rules);
  }
  answer.outcome = Outcome::kFound;
  return answer;
}

}  // namespace citadel::security
