#pragma once
// Validates what the originator presents beyond its ID (TS-0003 §7.3.2.5, §7.4.3).

#include "cse/model/clock.h"
#include "resources/resource_repository.h"
#include "resources/resource_resolver.h"
#include "security/authorization_services.h"
#include "security/stage.h"

namespace citadel::security {

// roleIDs (rids) against <role> resources of trusted authorities, and tokens (tkns, tokenIDs
// tids, localTokenIDs ltids, and tokens a DAS issued to this holder earlier; a token a DAS
// issued to the AE under its earlier AE-ID moves to it by the relationship update of TS-0003
// §7.3.2.7.1). A roleID or
// tokenID this CSE does not hold is asked of the repository its issuer's FQDN is mapped to
// (authorization.repositories), then (tokens) of the target's DAS. A role that fails
// is dropped; a token that fails answers 4103 (4000 when malformed), as the spec's step 5 asks.
// New local token IDs are returned in `ati` on the way out. Keeps no per-request state; shared
// by all worker threads (the services it uses are thread-safe).
class TokenRoleStage final : public Stage {
 public:
  TokenRoleStage(resources::ResourceRepository& repository, resources::ResourceResolver& resolver,
                 const resources::CseIdentity& identity, const model::Clock& clock,
                 const AuthorizationServices* authorization)
      : repository_(repository),
        resolver_(resolver),
        identity_(identity),
        clock_(clock),
        authorization_(authorization) {}
  std::string_view name() const override { return "token_role"; }
  model::Status onRequest(RequestContext& context) override;
  void onResponse(RequestContext& context, model::Response& response) override;

 private:
  model::Status resolveRoles(RequestContext& context) const;
  // Role-IDs and token IDs this CSE does not hold, asked of the repository configured for their
  // issuer (authorization.repositories, security/remote_information.h), at most four of each
  // per request. A token found there is verified as a presented one; `missing` loses the IDs
  // found.
  model::Status fetchRemoteRoles(RequestContext& context,
                                 const std::vector<std::string>& unknown) const;
  model::Status fetchRemoteTokens(RequestContext& context,
                                  std::vector<std::string>& missing) const;
  model::Status acceptToken(RequestContext& context, std::string_view compact) const;
  model::Status fetchTokens(RequestContext& context, const std::vector<std::string>& ids) const;
  // A token ID that names a token a DAS issued through this CSE (TS-0003 §7.3.2.7.1): used
  // as held when its holder is the originator; otherwise the authorization relationship update
  // (the DAS's recorded AuthorSign against the request's aus) decides whether it moves to the
  // originator. Sets `*held` when `id` names such a token.
  model::Status useDasToken(RequestContext& context, const std::string& id, size_t& das_asked,
                            bool* held) const;

  resources::ResourceRepository& repository_;
  resources::ResourceResolver& resolver_;
  const resources::CseIdentity& identity_;
  const model::Clock& clock_;
  const AuthorizationServices* authorization_;  // nullptr: tokens refused, roles dropped
};

}  // namespace citadel::security
