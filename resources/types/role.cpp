#include "resources/types/role.h"

#include "resources/types/authorization_formats.h"

namespace citadel::resources {

model::Status RoleType::validateCreate(const model::Json& attributes) const {
  // The generic validator has checked presence and types; these are the formats. rlid, tknb and
  // tkna are NP on UPDATE (TS-0004 Table 7.4.40.1-3), so CREATE is the only place to check them.
  if (auto rlid = attributes.find("rlid"); rlid != attributes.end()) {
    CITADEL_RETURN_IF_ERROR(checkIssuerScopedId(*rlid, "rlid", "m2m:roleID"));
  }
  return checkValidityWindow(attributes);
}

}  // namespace citadel::resources
