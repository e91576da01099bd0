// The keys of access control beyond ACPs: originator locations for aclr, trusted token and
// role issuers, and Dynamic Authorization (TS-0003 §7.3, §7.4).
#include "cse/engine/config_keys.h"

namespace citadel::engine {

std::vector<ConfigSection> authorizationConfigSections() {
  return {
      {"Access control: originator locations",
       "Empty: no locations, so aclr conditions never hold.",
       {
           stringKey("acp.locations", &Config::acp_locations, "",
                     "file of originator locations for aclr rules: 'originator lat lon country' "
                     "lines, '-' for unknown"),
       }},
      {"Tokens (TS-0003 7.3)",
       "",
       {
           stringKey("token.issuers", &Config::token_issuers, "",
                     "file of trusted token issuers: 'issuer-id ES256 public-key.pem' or "
                     "'issuer-id HS256 hex:<secret>' lines (0600 when it holds secrets)"),
           boolKey("token.requireAudience", &Config::token_require_audience, "true",
                   "refuse tokens without aud (TS-0003 7.3.2.5 makes aud optional; a token "
                   "without one is valid at every CSE that trusts its issuer)"),
       }},
      {"Roles (TS-0003 7.3)",
       "",
       {
           listKey("role.issuers", &Config::role_issuers, "",
                   "authorities whose <role> resources count: issuer (its tkis; roles the admin "
                   "created) or issuer=originator (also roles that originator created)"),
       }},
      {"Dynamic authorization (TS-0003 7.4)",
       "",
       {
           intKey(
               "das.timeout", &Config::das_timeout_ms, {.min = 1, .max = 60000, .unit = "ms"},
               "2000",
               "bound of one Dynamic Authorization Server consultation; a timeout denies (4103)"),
           listKey("das.default", &Config::das_default, "",
                   "DAS URIs consulted where no <dynamicAuthorizationConsultation> applies (the "
                   "system default)"),
           listKey("das.tokenIssuers", &Config::das_token_issuers, "",
                   "issuer=das-uri pairs: the token issuer each DAS speaks for; a token a DAS "
                   "returns counts only when its iss is bound to that DAS URI here"),
           intKey("das.grantsPerOriginator", &Config::das_grants_per_originator,
                  {.min = 1, .max = 1000000}, "100",
                  "DAS grants with a lifetime remembered per originator; its oldest-ending "
                  "grant makes room, never another originator's"),
           intKey("das.grantsTotal", &Config::das_grants_total, {.min = 1, .max = 10000000},
                  "10000",
                  "DAS grants with a lifetime remembered in all; when full, the originator "
                  "holding most grants gives one up"),
       }},
  };
}

}  // namespace citadel::engine
