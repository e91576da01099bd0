#pragma once
// Per-request state shared by the pipeline stages and the dispatcher, as typed fields (never a
// string-keyed bag). Lives on the stack of RequestProcessor::handle.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "cse/model/request.h"
#include "resources/cse_routes.h"
#include "resources/resource_resolver.h"
#include "security/attribute_scope.h"
#include "security/esprim/esprim_exchange.h"
#include "security/token/token_claims.h"

namespace citadel::security {

// Privileges a DAS granted (dai.gp, TS-0003 §7.3.2.2 step 4) and the one resource they are for.
// The DAS decided about the consultation's target (dreq.trid) and nothing else, so the grant
// covers that resource only: not its children, not the instances its policies govern. TS-0004
// §7.5.1.2.10 puts the dynamic <accessControlPolicy> "under the targeted resource" but says
// nothing of what else it governs; where the spec is silent we take the narrow reading
// (issue 15 #8).
struct ScopedGrant {
  std::string resource_id;                        // ri of the consultation's target
  std::shared_ptr<const model::Json> privileges;  // m2m:setOfAcrs

  bool covers(std::string_view ri) const { return ri == resource_id; }
};

// The ACP decision, with why. Tests assert on `reason`.
struct AccessDecision {
  AccessDecision() = default;
  AccessDecision(bool granted_in, std::string_view reason_in)
      : granted(granted_in), reason(reason_in) {}

  bool granted = false;
  std::string_view reason = "acp.not_evaluated";
  // When granted: the attributes a RETRIEVE or UPDATE may read or change (acr.aca); every
  // attribute for other operations and for rules without aca.
  AttributeScope attributes;
  // When denied: the dbg for the originator when there is more to say than "no privilege"
  // (the attributes of its own request that no rule covers); empty otherwise.
  std::string dbg;
};

struct RequestContext {
  model::Request request;
  // `fr` in local form: the AE-ID-Stem for this CSE's AEs ("Cxyz"), otherwise as received.
  std::string originator;
  bool originator_is_admin = false;
  // The transport proved an identity (TLS/DTLS client certificate or PSK) and `fr` is that
  // identity: an ACP rule's authentication flag (acaf, TS-0003 §7.1.2) holds only then. A
  // relaying CSE's proof does not authenticate the AEs it relays for. Set by the identity stage.
  bool originator_authenticated = false;
  bool is_registration = false;  // CREATE <AE>: no From needed, ACP skipped (TS-0004 Recv-6.3)
  // The addressed resource; for CREATE, the parent of the new one. Set by TargetResolutionStage.
  std::optional<resources::ResolvedTarget> target;
  // Instead of `target`: `to` names a resource of another CSE and this is where the request goes
  // next (TS-0004 §7.3.2.6). Set by TargetResolutionStage; tokens, roles and the DAS are the
  // Hosting CSE's to evaluate, so their stages pass it by, and the ACP stage asks the
  // AccessDecider for the transit decision.
  std::optional<resources::CseRoute> route;
  // Set by TokenRoleStage, read by the ACP decision (TS-0003 §7.3.2.5, §7.4.3): the Role-IDs a
  // valid <role> grants this originator, and the valid tokens it holds (presented in tkns, tids
  // or ltids, or cached from an earlier DAS answer for this holder). The roles a token
  // permission carries (rids) are not in `roles`: they count only on the resources the
  // permission names, so the AccessDecider takes them from `tokens` per resource decided.
  std::vector<std::string> roles;
  std::vector<std::shared_ptr<const token::TokenClaims>> tokens;
  // Local token IDs assigned while handling this request, returned in `ati` (lti, tkid).
  std::vector<std::pair<std::string, std::string>> assigned_local_token_ids;
  // asri of the response (TS-0003 §7.3.2.2 step 5, §7.3.2.7.1 step 4): the originator is asked
  // for the AuthorSigns of its tokens. Set by the DAS exchange or a relationship update.
  bool author_sign_requested = false;
  // Why a presented role was dropped ("role.expired"); becomes the denial's reason when no rule
  // grants.
  std::string_view dropped_role_reason;
  // The DAS URIs of the <dynamicAuthorizationConsultation> that applies to the target (empty:
  // none), found by the ACP decision for the DynamicAuthorizationStage and for `tqf`.
  std::vector<std::string> das_uris;
  // Privileges a DAS granted for this request only (dai without a lifetime), for its target.
  std::optional<ScopedGrant> granted_once;
  // The ACP decision. A denial is final unless the DynamicAuthorizationStage overturns it; the
  // Pipeline refuses every request whose decision is not `granted` (deny by default).
  AccessDecision decision;
  // The operation execution time (oet) when it lies in the future: the processor waits for it
  // after authorization. Set by the PrimitiveCheckStage.
  std::optional<model::TimePoint> execute_at;
  // Set by the EsprimUnwrapStage when the request arrived as an ESPrim object and `request` is
  // now its verified inner primitive: the stage's onResponse protects the answer with it.
  std::shared_ptr<const esprim::EsprimExchange> esprim;
  size_t stages_run = 0;  // how many stages' onRequest ran (their onResponse run in reverse)
};

}  // namespace citadel::security
