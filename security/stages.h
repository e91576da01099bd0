#pragma once
// The stages of this build's pipeline. Order and reasons: default_pipeline.cpp.

#include "cse/model/clock.h"
#include "resources/resource_resolver.h"
#include "resources/type_registry.h"
#include "security/acp_evaluator.h"
#include "security/authorization_services.h"
#include "security/stage.h"

namespace citadel::security {

// What the stages read: the tree, the CSE's identity, the types, the time.
struct SecurityDependencies {
  resources::ResourceRepository& repository;
  resources::ResourceResolver& resolver;
  const resources::CseIdentity& identity;
  const resources::TypeRegistry& types;
  const model::Clock& clock;
  const OriginatorLocations* locations = nullptr;  // retained originator locations (aclr)
  // Tokens, roles and dynamic authorization; nullptr: none is accepted (tokens and roles are
  // then refused or dropped, and no DAS is consulted).
  const AuthorizationServices* authorization = nullptr;
};

// Who is on the wire and whether that identity may use this `fr`. Without TLS the identity is
// the `fr` the binding presented: it must be the admin, a registered AE of this CSE, or absent
// only for AE registration (4000 / 4103 otherwise).
class TransportIdentityStage final : public Stage {
 public:
  explicit TransportIdentityStage(const SecurityDependencies& deps) : deps_(deps) {}
  std::string_view name() const override { return "transport_identity"; }
  model::Status onRequest(RequestContext& context) override;

 private:
  const SecurityDependencies& deps_;
};

// Resolves `to` once, for the ACP decision and the dispatcher (4000 / 4004 / 5103).
class TargetResolutionStage final : public Stage {
 public:
  explicit TargetResolutionStage(const SecurityDependencies& deps) : deps_(deps) {}
  std::string_view name() const override { return "target_resolution"; }
  model::Status onRequest(RequestContext& context) override;

 private:
  const SecurityDependencies& deps_;
};

// Validates what the originator presents beyond its ID (TS-0003 §7.3.2.5, §7.4.3): roleIDs
// (rids) against <role> resources of trusted authorities, and tokens (tkns, tokenIDs tids,
// localTokenIDs ltids, and tokens a DAS issued to this holder earlier). A role that fails is
// dropped; a token that fails answers 4103 (4000 when malformed), as the spec's step 5 asks.
// New local token IDs are returned in `ati` on the way out.
class TokenRoleStage final : public Stage {
 public:
  explicit TokenRoleStage(const SecurityDependencies& deps) : deps_(deps) {}
  std::string_view name() const override { return "token_role"; }
  model::Status onRequest(RequestContext& context) override;
  void onResponse(RequestContext& context, model::Response& response) override;

 private:
  model::Status resolveRoles(RequestContext& context) const;
  model::Status acceptToken(RequestContext& context, std::string_view compact) const;
  model::Status fetchTokens(RequestContext& context, const std::vector<std::string>& ids) const;
  const SecurityDependencies& deps_;
};

// Where a validated token came from, which decides whether it is remembered.
enum class TokenSource {
  kPresented,   // tkns, or tids resolved here: remembered, a new local token ID goes into ati
  kFromDas,     // issued by the DAS in a direct exchange: remembered and held for its holder
  kRemembered,  // ltids, or held for the holder: already in the LocalTokenStore
};
// A validated token joins the request (TS-0003 §7.3.2.5 steps 6–7): remembered as `source`
// says, and the Role-IDs of its permissions that cover the target become roles of the holder.
// Both the TokenRoleStage and the DynamicAuthorizationStage adopt tokens this one way.
void adoptToken(RequestContext& context, const SecurityDependencies& deps,
                std::shared_ptr<const token::TokenClaims> claims, TokenSource source);

// Grants or denies with the ACPs that govern the target (TS-0001 §9.6.1.3.2, TS-0003 §7.1).
// Deny by default: 4103.
class AcpDecisionStage final : public Stage {
 public:
  explicit AcpDecisionStage(const SecurityDependencies& deps)
      : deps_(deps), groups_(deps.resolver, deps.identity), evaluator_(deps.identity, &groups_) {}
  std::string_view name() const override { return "acp_decision"; }
  // Records the decision in context.decision; a denial stops the request at the end of the
  // pipeline unless the DynamicAuthorizationStage overturns it. Errors: storage faults only.
  model::Status onRequest(RequestContext& context) override;
  // The whole decision for the request, again (after a DAS answer).
  model::Result<AccessDecision> evaluate(const RequestContext& context) const;
  // The decision alone, for reuse (discovery checks each result).
  AccessDecision decide(const RequestContext& context, const resources::Resource& resource,
                        uint8_t operation_bit) const;

 private:
  model::Result<AccessDecision> decideFor(const RequestContext& context,
                                          const resources::Resource& resource,
                                          uint8_t operation_bit, bool self_privileges) const;
  model::Result<AccessDecision> decideByPolicies(const RequestContext& context,
                                                 const resources::Resource& resource,
                                                 const AccessRequest& access,
                                                 bool self_privileges) const;
  // Token privileges and DAS grants that apply to `resource` (or `governing`), as rule sets.
  AccessDecision decideByGrants(const RequestContext& context, const resources::Resource& resource,
                                const AccessRequest& access) const;
  const SecurityDependencies& deps_;
  ResolverGroupMembership groups_;  // before evaluator_, which points at it
  AcpEvaluator evaluator_;
};

// After a denial, where an enabled <dynamicAuthorizationConsultation> applies, asks its DAS
// (TS-0003 §7.3.2.2, TS-0001 §11.5.2) with a NOTIFY carrying m2m:securityInfo, bounded by the
// sender's timeout. A grant (once, or cached for its lifetime) or issued tokens re-run the ACP
// decision; a refusal, an unusable answer or a timeout leave the denial (4103). On the way out
// a 4103 answer to an originator that set tqi carries tokenRequestInformation (tqf) naming the
// DAS (TS-0001 §11.5.3 steps 2.2–2.3).
class DynamicAuthorizationStage final : public Stage {
 public:
  DynamicAuthorizationStage(const SecurityDependencies& deps, const AcpDecisionStage& acp)
      : deps_(deps), acp_(acp) {}
  std::string_view name() const override { return "dynamic_authorization"; }
  model::Status onRequest(RequestContext& context) override;
  void onResponse(RequestContext& context, model::Response& response) override;

 private:
  model::Result<bool> consult(RequestContext& context, const std::string& das_uri,
                              const std::string& lifetime) const;
  const SecurityDependencies& deps_;
  const AcpDecisionStage& acp_;
};

}  // namespace citadel::security
