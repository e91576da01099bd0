#pragma once
// An access control information request to a PIP (TS-0003 §7.5.4, communication modes e and f):
// an UPDATE of an <authorizationInformation> on another CSE with From and Role IDs and/or Token
// IDs, answered with the holder's <role> and <token> resources (cse/engine/authorization/
// information_point.h: nested m2m:rol and m2m:tk entries). Used by the Hosting CSE for the airi
// of its ACPs, and to reach the remote Role and Token Repositories of authorization.repositories
// (§7.4.3 step 2, §7.3.2). The answer is read as another party's (rqi echoed, status, shape); a
// returned role counts only when verifyRemoteRoles accepts it, a token only when the token
// verifier does (its signature, audience, holder and window), as a presented one.

#include <string>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "cse/model/ports.h"
#include "resources/cse_identity.h"
#include "security/authorization_services.h"

namespace citadel::security {

struct RemoteInformation {
  enum class Outcome { kFound, kNotApplicable, kNoAnswer, kUnusable };
  Outcome outcome = Outcome::kNoAnswer;
  std::vector<model::Json> roles;   // m2m:rol attribute objects, unverified
  std::vector<std::string> tokens;  // the tokenObject (tkob) of each m2m:tk, unverified
};

RemoteInformation fetchInformation(model::PrimitiveSender& sender, const std::string& pip,
                                   const std::string& holder_absolute,
                                   const std::vector<std::string>& role_ids,
                                   const std::vector<std::string>& token_ids,
                                   const resources::CseIdentity& identity);

// At most this many repository lookups per request, for roles and for tokens each: every one is
// a round trip bounded by das.timeout on a worker, so a request naming many foreign IDs cannot
// hold it for long.
inline constexpr size_t kMaxRepositoryLookups = 4;

// The Role-IDs of `unknown` (held nowhere here) that the Role Repository of their issuer
// (services.repositories) returns for `holder_absolute` and verifyRemoteRoles accepts, asking
// at most kMaxRepositoryLookups repositories. None without a sender or repositories.
std::vector<std::string> rolesFromRepositories(const AuthorizationServices& services,
                                               const resources::CseIdentity& identity,
                                               const std::string& holder_absolute,
                                               const std::vector<std::string>& unknown,
                                               model::TimePoint now);

// The PIP that authorization.repositories names for the issuer of `id` ("name@issuer-fqdn",
// TS-0004 m2m:roleID / m2m:tokenID); "" when none.
std::string repositoryFor(std::string_view id,
                          const std::vector<std::pair<std::string, std::string>>& repositories);

// The Role-IDs of `roles` that count for `holder_absolute`: a role whose rlid was asked for,
// whose holder (tkhd) is that holder, whose issuer (tkis) is one of the trusted authorities
// (role.issuers; the creator check of a local role cannot apply to one held elsewhere) and
// whose validity window (tknb..tkna) holds at `now`.
std::vector<std::string> verifyRemoteRoles(const std::vector<model::Json>& roles,
                                           const std::vector<std::string>& asked,
                                           std::string_view holder_absolute,
                                           const std::vector<RoleAuthority>& trusted,
                                           const resources::CseIdentity& identity,
                                           model::TimePoint now);

}  // namespace citadel::security
