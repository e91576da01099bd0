#pragma once
// Stage 2 of the pipeline: a NOTIFY to this CSE's <CSEBase> whose content is m2m:seci `sit` 5
// carries an ESPrim object (TS-0004 §7.6.2; TS-0003 §8.4.2 C.5–C.8). The stage verifies and
// decrypts it and replaces the request with the inner primitive, on which every later stage
// (shape checks, resolution, tokens and roles, ACP, DAS) runs; its onResponse protects the
// answer with the same session key and answers the outer NOTIFY 2000 with m2m:seci sit 5.
//
// Any other request passes untouched, and costs one comparison for a non-NOTIFY. A sit 5 NOTIFY
// to an <AE> passes untouched too (that AE is the Target and decrypts it: the dispatcher
// re-targets the NOTIFY to it unopened), as does one to any other resource (refused there).
//
// Order of the checks and what each refusal answers as the OUTER rsc (TS-0004 Table 7.6.2-1;
// nothing reaches the tree, nothing is remembered unless the tag verified):
//   m2m:seci not exactly {sit, epo} or the JWE malformed (esprim_object.h), cty not a JSON or
//     CBOR media type, oro malformed or naming another ID than ori      4000
//   kid unknown or its key expired                                       4112
//   the outer fr is not the identity bound to the key (key confusion)   4116
//   rri not a receiver rand object this CSE issued to that identity (or the shared one), or
//     expired                                                            4114
//   no oro and ori not cached for this kid, the originator object expired or outliving the
//     receiver's, the IV already used under (kid, ori), or the session
//     store full (originator_sessions.h)                                 4113
//   esk / espa / enc not agreed (session_checks.h)                       4111
//   tag fails                                                            4115;   other failure 5210
//   inner fr (local form) not the key's identity                         4116
//   encrypting the answer fails                                          5211
// After the key's identity is established, errors of the inner primitive (undecodable, control
// characters in its IDs, an <AE> registration) and every later stage's answer (4004, 4103…)
// travel INSIDE the protected response, so that nothing of the inner primitive is shown in
// clear. The inner request's delivery parameters (rt, ec, da) are ignored (§7.6.2 step K).
//
// The outer NOTIFY is not itself authorized by ACP: the pairwise key the operator provisioned
// is the permission to speak ESPrim, the receiver rand object was issued to that identity after
// its sit 3 NOTIFY passed ACP (or is the shared one), and the inner request gets the full
// authorization as its `fr`, which the key authenticates (context.originator_authenticated).
// Thread-safe: the only state is the session store, which locks.

#include "resources/cse_identity.h"
#include "security/esprim/originator_sessions.h"
#include "security/esprim/session_key_cache.h"
#include "security/security_dependencies.h"
#include "security/stage.h"

namespace citadel::security {

class EsprimUnwrapStage final : public Stage {
 public:
  // `services` nullptr: ESPrim is off and every request passes untouched.
  EsprimUnwrapStage(const EsprimReceiverServices* services,
                    const resources::CseIdentity& identity, const model::Clock& clock,
                    esprim::OriginatorSessions::Limits limits = {})
      : services_(services), identity_(identity), clock_(clock), sessions_(limits) {}
  std::string_view name() const override { return "esprim_unwrap"; }
  model::Status onRequest(RequestContext& context) override;
  void onResponse(RequestContext& context, model::Response& response) override;

  const esprim::OriginatorSessions& sessions() const { return sessions_; }

 private:
  model::Status unwrap(RequestContext& context, const std::string& epo);

  const EsprimReceiverServices* services_;
  const resources::CseIdentity& identity_;
  const model::Clock& clock_;
  esprim::OriginatorSessions sessions_;
  esprim::SessionKeyCache session_keys_;
};

}  // namespace citadel::security
