#include "security/token_adoption.h"

namespace citadel::security {

void adoptToken(RequestContext& context, const resources::CseIdentity& identity,
                model::TimePoint now, const AuthorizationServices* services,
                std::shared_ptr<const token::TokenClaims> claims, TokenSource source,
                std::string_view das_uri) {
  LocalTokenStore* store = services ? services->local_tokens : nullptr;
  if (store != nullptr && source != TokenSource::kRemembered) {
    auto assignment = store->remember(claims, source == TokenSource::kFromDas, now, das_uri);
    if (assignment.assigned_now) {
      context.assigned_local_token_ids.emplace_back(assignment.local_token_id, claims->token_id);
    }
  }
  // Step 7, rids of a permission: they count only on the resources the permission names, so
  // they stay with the token and the AccessDecider reads them per resource decided.
  context.tokens.push_back(std::move(claims));
}

}  // namespace citadel::security
