#pragma once
// The shape of m2m:tokenPermissions (TS-0004 §6.3.5.53 / §6.3.5.41, TS-0001 Table 9.6.39-3),
// the permissions (tkps) of a <token>: {"pm": [{"ris": [ID…]?, "pv": {setOfAcrs}?,
// "rids": [roleID…]?}, …]}. Only the structure is checked here; what a permission grants is
// decided by the security pipeline.

#include <string_view>

#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::resources {

// Bounds matching the token verifier's claim limits (security/token/token_claims.h), so a
// stored <token> never carries more permissions than a presented one may.
inline constexpr size_t kMaxTokenPermissions = 32;
inline constexpr size_t kMaxPermissionResourceIds = 64;
inline constexpr size_t kMaxPermissionRoleIds = 32;

// OK when `permissions` is {"pm": [permission, …]} with 1..kMaxTokenPermissions objects, each
// holding only ris / pv / rids, at least one of pv and rids, and ris whenever pv is present;
// ris a list of IDs, pv a valid m2m:setOfAcrs, rids a list of m2m:roleID. Otherwise 4000 with
// a dbg naming `attribute` and the member at fault.
model::Status validateTokenPermissions(const model::Json& permissions,
                                       std::string_view attribute);

}  // namespace citadel::resources
