#pragma once
// <accessControlPolicy> (ty 1, m2m:acp), TS-0001 §9.6.2 / TS-0004 §7.4.2. It has no acpi: its
// own selfPrivileges (pvs) govern access to it. The rule structure (m2m:setOfAcrs) is checked
// here; security/acp_evaluator.h decides with it.

#include "resources/type_handler.h"

namespace citadel::resources {

class AccessControlPolicyType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kAccessControlPolicy; }
  model::Status validateCreate(const model::Json& attributes) const override;
  model::Status validateUpdate(const model::Json& changes) const override;
};

// OK when `region` is a valid m2m:locationRegion (TS-0004 §6.3.5.28): exactly one of
// countryCode (accc, ISO 3166-1 alpha-2 codes) or circRegion (accr, [latitude, longitude,
// radius in metres]); 4000 naming `attribute` otherwise.
model::Status validateLocationRegion(const model::Json& region, std::string_view attribute);

// OK when `set` is a valid m2m:setOfAcrs ({"acr": [rule, …]}); 4000 naming the bad member.
model::Status validateSetOfAcrs(const model::Json& set, std::string_view attribute);

}  // namespace citadel::resources
