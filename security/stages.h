#pragma once
// The stages of this build's pipeline. Order and reasons: default_pipeline.cpp.

#include "cse/model/clock.h"
#include "resources/resource_resolver.h"
#include "resources/type_registry.h"
#include "security/acp_evaluator.h"
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

// Grants or denies with the ACPs that govern the target (TS-0001 §9.6.1.3.2, TS-0003 §7.1).
// Deny by default: 4103.
class AcpDecisionStage final : public Stage {
 public:
  explicit AcpDecisionStage(const SecurityDependencies& deps)
      : deps_(deps), groups_(deps.resolver, deps.identity), evaluator_(deps.identity, &groups_) {}
  std::string_view name() const override { return "acp_decision"; }
  model::Status onRequest(RequestContext& context) override;
  // The decision alone, for reuse (discovery checks each result).
  AccessDecision decide(const RequestContext& context, const resources::Resource& resource,
                        uint8_t operation_bit) const;

 private:
  model::Result<AccessDecision> decideFor(const RequestContext& context,
                                          const resources::Resource& resource,
                                          uint8_t operation_bit, bool self_privileges) const;
  const SecurityDependencies& deps_;
  ResolverGroupMembership groups_;  // before evaluator_, which points at it
  AcpEvaluator evaluator_;
};

}  // namespace citadel::security
