#pragma once
// How a validated token joins a request (TS-0003 §7.3.2.5 steps 6–7), the one way shared by
// the TokenRoleStage (presented tokens) and the DynamicAuthorizationStage (DAS-issued tokens).

#include <memory>
#include <string_view>

#include "cse/model/clock.h"
#include "resources/cse_identity.h"
#include "security/authorization_services.h"
#include "security/request_context.h"

namespace citadel::security {

// Where a validated token came from, which decides whether it is remembered.
enum class TokenSource {
  kPresented,   // tkns, or tids resolved here: remembered, a new local token ID goes into ati
  kFromDas,     // issued by the DAS in a direct exchange: remembered and held for its holder
  kRemembered,  // ltids, or held for the holder: already in the LocalTokenStore
};

// Remembers the token as `source` says (in services->local_tokens, when there is one) and adds
// it to the request's tokens. The Role-IDs of its permissions are not made roles of the whole
// request: the AccessDecider applies them on the resources each permission names. (`identity`
// is kept for the callers; the scope is read when deciding.) `das_uri`: the DAS that issued a
// kFromDas token.
void adoptToken(RequestContext& context, const resources::CseIdentity& identity,
                model::TimePoint now, const AuthorizationServices* services,
                std::shared_ptr<const token::TokenClaims> claims, TokenSource source,
                std::string_view das_uri = {});

}  // namespace citadel::security
