#pragma once
// Role verification by the Hosting CSE acting as PIP (TS-0003 §7.4.3 steps 2-4): a Role-ID
// counts for a holder when a <role> of the local Role Repository (this CSE's <role> resources,
// found by rlid) names that holder, was issued by a trusted Authorization Authority and is
// within its validity window. Shared by the token/role stage (the request's own rids) and the
// PDP procedure (the rids of a decision request).

#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/status.h"
#include "resources/cse_identity.h"
#include "resources/resource_repository.h"
#include "security/authorization_services.h"

namespace citadel::security {

struct VerifiedRoles {
  std::vector<std::string> valid;  // the Role-IDs that count, each once, in request order
  // Why the last one that did not count was dropped ("role.unknown", "role.wrong_holder",
  // "role.untrusted_issuer", "role.expired", ...); empty when all counted.
  std::string_view dropped_reason;
  bool some_unknown = false;       // a Role-ID named no <role> here at all
  std::vector<std::string> unknown;  // those Role-IDs
};

// `holder_absolute` in absolute form ("//sp/id-mn/Cae"). 5000 on a storage fault.
model::Result<VerifiedRoles> verifyRoles(resources::ResourceRepository& repository,
                                         const resources::CseIdentity& identity,
                                         const std::vector<RoleAuthority>& trusted,
                                         std::string_view holder_absolute,
                                         const std::vector<std::string>& role_ids,
                                         model::TimePoint now);

}  // namespace citadel::security
