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
               "bound of one consultation of a Dynamic Authorization Server or a remote PDP; a "
               "timeout denies (4103)"),
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
      {"Distributed authorization (TS-0003 7.5)",
       "A PDP answers UPDATEs of its <authorizationDecision> resources, a PRP those of its "
       "<authorizationPolicy> resources, a PIP those of its <authorizationInformation> "
       "resources; a Hosting CSE asks the PDPs, PRPs and PIPs its ACPs name in adri, apri "
       "and airi (bounded by das.timeout) where its own policies deny.",
       {
           boolKey("authorization.pdp", &Config::authorization_pdp, "false",
                   "bind the PDP procedure to this CSE's <authorizationDecision> resources: an "
                   "UPDATE with to/fr/op is a decision request, answered with dec and sus"),
           boolKey("authorization.prp", &Config::authorization_prp, "false",
                   "bind the PRP procedure to this CSE's <authorizationPolicy> resources: an "
                   "UPDATE of to is a policy request, answered with ps, ca and sus"),
           boolKey("authorization.pip", &Config::authorization_pip, "false",
                   "bind the PIP procedure to this CSE's <authorizationInformation> resources: "
                   "an UPDATE with fr and rids/tids is answered with the holder's <role> and "
                   "<token> resources and sus"),
           listKey("authorization.requesters", &Config::authorization_requesters, "",
                   "CSE-IDs (/id-mn) whose decision, policy and information requests are "
                   "served; others get 4103"),
           listKey("authorization.policies", &Config::authorization_policies, "",
                   "[name:]prefix=acp-id entries: the <accessControlPolicy> of this CSE whose "
                   "privileges decide for targets at or below the prefix (/id-mn/cse-mn/x), at "
                   "the authorization resource of that rn/ri only when a name is given"),
           listKey("authorization.policySources", &Config::authorization_policy_sources, "",
                   "<authorizationPolicy> IDs on other CSEs (/id-prp/cse/aupy) this PDP asks, "
                   "in order, for targets authorization.policies does not cover"),
           listKey("authorization.repositories", &Config::authorization_repositories, "",
                   "issuer-fqdn=auif-id entries: the remote Role/Token Repository (its "
                   "<authorizationInformation>) asked for roleIDs and tokenIDs of that issuer "
                   "this CSE does not hold"),
       }},
  };
}

}  // namespace citadel::engine
