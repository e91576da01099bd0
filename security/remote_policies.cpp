#include "security/remote_policies.h"

#include "cse/model/log.h"
#include "cse/random/random_id.h"
#include "resources/types/access_control_policy.h"

namespace citadel::security {

using model::Json;
using Outcome = RemotePolicies::Outcome;

RemotePolicies fetchPolicies(model::PrimitiveSender& sender, const std::string& prp,
                             const std::string& to, const resources::CseIdentity& identity) {
  model::Request update;
  update.operation = model::Operation::kUpdate;
  update.to = prp;
  update.originator = identity.cse_id;
  // Unguessable: nobody but the PRP can answer it (issue 15 #2).
  update.request_id = random::unguessableId("prp-");
  update.release_version_indicator = "3";
  update.content = {{"m2m:aupy", {{"to", to}}}};
  model::Response response = sender.send(prp, update);
  RemotePolicies answer;
  auto unusable = [&](const char* why) {
    LOG_INFO("PRP " << model::logSafe(prp) << ": " << why);
    answer.outcome = Outcome::kUnusable;
    answer.rule_sets.clear();
    return answer;
  };
  if (response.status_code != model::Rsc::kUpdated) {
    LOG_INFO("PRP " << model::logSafe(prp) << " gave no policies: rsc "
                    << static_cast<int>(response.status_code) << " " << response.reason);
    return answer;  // kNoAnswer
  }
  if (!response.request_id.empty() && response.request_id != update.request_id) {
    return unusable("answer for another request");
  }
  const Json& content = response.content;
  auto aupy = content.is_object() ? content.find("m2m:aupy") : content.end();
  if (!content.is_object() || aupy == content.end() || !aupy->is_object()) {
    return unusable("no m2m:aupy in the answer");
  }
  auto status = aupy->find("sus");
  if (status == aupy->end() || !status->is_number_integer()) return unusable("no status");
  if (status->get<int64_t>() == 2) {
    answer.outcome = Outcome::kNotApplicable;
    return answer;
  }
  if (status->get<int64_t>() != 1) return unusable("status other than OK");
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
