#pragma once
// The access-control decision over a set of rules (TS-0003 §7.1.5): permit when any rule of any
// applicable policy matches originator, operation, context and object; deny otherwise.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "resources/cse_identity.h"
#include "security/group_membership.h"
#include "security/originator_locations.h"
#include "security/request_context.h"

namespace citadel::security {

struct AccessRequest {
  std::string originator_absolute;      // "//sp/id-in/Cxyz"
  uint8_t operation_bit = 0;            // acop bit: C1 R2 U4 D8 N16 DISC32
  std::optional<uint16_t> created_type; // ty of the resource to create (acod.chty), CREATE only
  std::optional<uint16_t> target_type;  // ty of the addressed resource (acod.ty)
  model::TimePoint now;
  std::string_view peer_address;        // for acip
  const OriginatorLocation* location = nullptr;  // for aclr; nullptr: not known
  bool authenticated = false;           // for acaf
  // Role-IDs the originator holds for this request (TokenRoleStage); an acor entry equal to
  // one of them matches (TS-0003 §7.4.3). nullptr: none.
  const std::vector<std::string>* roles = nullptr;
};

class AcpEvaluator {
 public:
  // `groups` resolves <group> IDs in acor; without it such entries never match.
  explicit AcpEvaluator(const resources::CseIdentity& identity,
                        const GroupMembership* groups = nullptr)
      : identity_(identity), groups_(groups) {}

  // `rule_sets` are m2m:setOfAcrs objects (pv or pvs of each applicable ACP). Granted with
  // reason "acp.rule_matched", or denied with "acp.no_matching_rule" / "acp.no_rules".
  AccessDecision decide(const std::vector<const model::Json*>& rule_sets,
                        const AccessRequest& request) const;
  bool ruleMatches(const model::Json& rule, const AccessRequest& request) const;

 private:
  bool originatorMatches(const model::Json& acor, const AccessRequest& request) const;
  const resources::CseIdentity& identity_;
  const GroupMembership* groups_;
};

}  // namespace citadel::security
