#pragma once
// An access control policy request to a PRP (TS-0003 §7.5.3, communication modes c and d):
// an UPDATE of an <authorizationPolicy> on another CSE setting `to`, answered with the policies
// that apply to that target. Used by the Hosting CSE for the apri of its ACPs and by a PDP for
// the PRPs it is configured with. The answer is read as another party's: only a 2004 m2m:aupy
// for the request sent (rqi echoed) with status OK and a well-formed m2m:setOfPermissions
// counts, and each of its rule sets is checked as an ACP's privileges are.

#include <optional>
#include <string>
#include <vector>

#include "cse/model/json.h"
#include "cse/model/ports.h"
#include "resources/cse_identity.h"

namespace citadel::security {

struct RemotePolicies {
  enum class Outcome {
    kFound,          // rule_sets holds the policies (m2m:setOfAcrs each)
    kNotApplicable,  // the PRP has none for the target: ask the next one
    kNoAnswer,       // not reached, silent, not there, refused: ask the next one
    kUnusable,       // an error status or a malformed or forged answer: ask no other
  };
  Outcome outcome = Outcome::kNoAnswer;
  std::vector<model::Json> rule_sets;
};

// Asks the PRP `prp` (the ID of an <authorizationPolicy> on another CSE) for the policies of
// `to`, as this CSE (`identity`), through `sender` (engine/forwarding/resource_sender.h).
RemotePolicies fetchPolicies(model::PrimitiveSender& sender, const std::string& prp,
                             const std::string& to, const resources::CseIdentity& identity);

}  // namespace citadel::security
