#pragma once
// The distributed-authorization resources (TS-0001 §9.6.41-43, TS-0004 §7.4.43-45, TS-0003
// §7.5): <authorizationDecision> (ty 35, m2m:auds), <authorizationPolicy> (ty 36, m2m:aupy) and
// <authorizationInformation> (ty 37, m2m:auif), children of the <CSEBase>. Until a procedure is
// bound to them they are ordinary resources (TS-0003 §7.5.5); an UPDATE of a bound one is a
// decision / policy / information request, run by cse/engine/authorization. Here only the value
// formats of the request attributes are checked, on CREATE and UPDATE alike.

#include "resources/type_handler.h"

namespace citadel::resources {

// m2m:authorizationDecision (TS-0004 Table 6.3.4.2.51-1) and m2m:authorizationStatus
// (Table 6.3.4.2.52-1).
enum class AuthorizationDecisionValue : int { kPermit = 1, kDeny = 2 };
enum class AuthorizationStatus : int {
  kOk = 1,
  kNotApplicable = 2,
  kMissingAttribute = 3,
  kSyntaxError = 4,
  kProcessingError = 5,
};

// 4000 naming the attribute for: op outside 1..5 (m2m:operation), rrt outside 1..65535, an
// rids/tids entry that is not an m2m:roleID/m2m:tokenID, a tkns entry that is not a compact
// JWS/JWE, olo that is not an m2m:locationRegion, oip that is not {ip4} or {ip6} with an
// address of that family, fu that is not an object. `attributes` is the resource's object.
model::Status checkAuthorizationRequestFormats(const model::Json& attributes);

class AuthorizationDecisionType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kAuthorizationDecision; }
  model::Status validateCreate(const model::Json& attributes) const override;
  model::Status validateUpdate(const model::Json& content) const override;
};

class AuthorizationPolicyType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kAuthorizationPolicy; }
};

class AuthorizationInformationType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kAuthorizationInformation; }
  model::Status validateCreate(const model::Json& attributes) const override;
  model::Status validateUpdate(const model::Json& content) const override;
};

}  // namespace citadel::resources
