#pragma once
// What the token, role and dynamic authorization stages share beyond the tree (TS-0003 §7.3,
// §7.4): the trusted token issuers, the trusted role authorities, the caches of validated
// tokens and DAS grants, and the way out to a Dynamic Authorization Server. Built once in
// main.cpp (or a test) and outliving the pipeline.

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cse/model/ports.h"
#include "security/dynamic_grant_cache.h"
#include "security/local_token_store.h"
#include "security/token/token_verifier.h"

namespace citadel::security {

// An Authorization Authority whose <role> resources count (TS-0003 §7.4.3): its ID, as the
// roles' tkis names it, and the originator that speaks for it on this CSE ("": only the admin
// may create its roles).
struct RoleAuthority {
  std::string issuer;
  std::string originator;
};

// A token issuer a Dynamic Authorization Server speaks for (das.tokenIssuers): tokens the DAS
// at `das_uri` returns count only when their iss is `issuer` (issue 15 #19).
struct DasTokenIssuer {
  std::string issuer;
  std::string das_uri;  // exactly as a DAC's dap or das.default names the DAS
};

struct AuthorizationServices {
  // Tokens are checked against these issuers; nullptr refuses every token (token.untrusted_issuer).
  const token::TokenVerifier* verifier = nullptr;
  // Authorization Authorities whose <role> resources count: a role counts when its tkis names
  // one of them and it was created by that authority's originator or by the admin (whoever
  // creates a <role> writes its tkis).
  std::vector<RoleAuthority> role_authorities;
  LocalTokenStore* local_tokens = nullptr;
  DynamicGrantCache* grants = nullptr;
  // DAS consultations leave here, bounded by the sender's timeout; nullptr: no consultation.
  model::PrimitiveSender* das_sender = nullptr;
  // PDP consultations (TS-0003 §7.5.2 mode a) leave here: a sender that takes the ID of an
  // <authorizationDecision> on another CSE (engine/forwarding/resource_sender.h), bounded by
  // das.timeout. nullptr: the adri of ACPs are not consulted (their denial stands).
  model::PrimitiveSender* decision_sender = nullptr;
  // Remote Role and Token Repositories (TS-0003 §7.4.3 step 2, §7.3.2), by the issuer FQDN a
  // roleID or tokenID ends with: (issuer-fqdn, ID of the <authorizationInformation> there),
  // asked through decision_sender for IDs this CSE does not hold (authorization.repositories).
  std::vector<std::pair<std::string, std::string>> repositories;
  // A DAS consulted when no <dynamicAuthorizationConsultation> applies ("system default DAC",
  // TS-0001 §9.6.1.3.2); empty: none.
  std::vector<std::string> default_das_uris;
  // Which issuer each DAS may issue tokens as; a DAS not named here issues none that count.
  std::vector<DasTokenIssuer> das_token_issuers;

  // True when `issuer` is bound to the DAS at `das_uri`.
  bool dasMayIssue(std::string_view das_uri, std::string_view issuer) const {
    for (const DasTokenIssuer& bound : das_token_issuers) {
      if (bound.das_uri == das_uri && bound.issuer == issuer) return true;
    }
    return false;
  }
};

}  // namespace citadel::security
