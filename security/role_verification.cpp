#include "security/role_verification.h"

#include <algorithm>

#include "resources/views/role_view.h"
#include "security/originator_id.h"

namespace citadel::security {
namespace {

// The role's validity window, "YYYYMMDDThhmmss" each (TS-0004 §7.4.40 tknb / tkna).
std::string_view windowProblem(const resources::RoleView& role, model::TimePoint now) {
  auto not_before = role.notBefore();
  auto not_after = role.notAfter();
  if (!not_before || !not_after) return "role.bad_window";
  if (now < *not_before) return "role.not_yet_valid";
  if (now > *not_after) return "role.expired";
  return {};
}

// tkis is written by whoever creates the <role>: the authority it names counts only if the
// role was created by that authority's originator or by the admin (TS-0003 §7.4.3).
bool issuedByItsAuthority(const resources::Resource& role, const resources::CseIdentity& identity,
                          const std::vector<RoleAuthority>& trusted) {
  std::string issuer = resources::RoleView(role).issuer();
  std::string creator = role.creator();
  for (const auto& authority : trusted) {
    if (authority.issuer != issuer) continue;
    if (creator == identity.admin ||
        (!authority.originator.empty() &&
         localOriginator(authority.originator, identity) == creator)) {
      return true;
    }
  }
  return false;
}

}  // namespace

model::Result<VerifiedRoles> verifyRoles(resources::ResourceRepository& repository,
                                         const resources::CseIdentity& identity,
                                         const std::vector<RoleAuthority>& trusted,
                                         std::string_view holder_absolute,
                                         const std::vector<std::string>& role_ids,
                                         model::TimePoint now) {
  VerifiedRoles verified;
  for (const auto& role_id : role_ids) {
    CITADEL_ASSIGN_OR_RETURN(std::vector<resources::Resource> roles,
                             repository.rolesByRoleId(role_id));
    std::string_view problem = "role.unknown";
    if (roles.empty()) {
      verified.some_unknown = true;
      verified.unknown.push_back(role_id);
    }
    bool valid = false;
    for (const auto& role : roles) {
      resources::RoleView view(role);
      if (absoluteId(view.holder(), identity) != holder_absolute) {
        problem = "role.wrong_holder";
        continue;
      }
      if (!issuedByItsAuthority(role, identity, trusted)) {
        problem = "role.untrusted_issuer";
        continue;
      }
      if (std::string_view window = windowProblem(view, now); !window.empty()) {
        problem = window;
        continue;
      }
      valid = true;
      break;
    }
    if (!valid) {
      // Dropped, not refused: only valid roles take part in the decision (§7.4.3 step 4).
      verified.dropped_reason = problem;
    } else if (std::find(verified.valid.begin(), verified.valid.end(), role_id) ==
               verified.valid.end()) {
      verified.valid.push_back(role_id);
    }
  }
  return verified;
}

}  // namespace citadel::security
