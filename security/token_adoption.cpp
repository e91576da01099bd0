#include "security/token_adoption.h"

#include <algorithm>

#include "security/token_permissions.h"

namespace citadel::security {

void adoptToken(RequestContext& context, const resources::CseIdentity& identity,
                model::TimePoint now, const AuthorizationServices* services,
                std::shared_ptr<const token::TokenClaims> claims, TokenSource source) {
  LocalTokenStore* store = services ? services->local_tokens : nullptr;
  if (store != nullptr && source != TokenSource::kRemembered) {
    auto assignment = store->remember(claims, source == TokenSource::kFromDas, now);
    if (assignment.assigned_now) {
      context.assigned_local_token_ids.emplace_back(assignment.local_token_id, claims->token_id);
    }
  }
  // Step 7, rids of a permission: roles of the holder for targets the permission covers.
  if (claims->permissions && context.target) {
    for (const auto& permission : *claims->permissions) {
      if (!permission.role_ids ||
          !permissionCovers(permission, context.target->resource, identity)) {
        continue;
      }
      for (const auto& role : *permission.role_ids) {
        if (std::find(context.roles.begin(), context.roles.end(), role) == context.roles.end()) {
          context.roles.push_back(role);
        }
      }
    }
  }
  context.tokens.push_back(std::move(claims));
}

}  // namespace citadel::security
