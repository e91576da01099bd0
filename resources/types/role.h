#pragma once
// <role> (ty 31, m2m:rol), TS-0001 §9.6.38 / TS-0004 §7.4.40: a role assigned to an AE or CSE
// (holder, tkhd) by an issuer (tkis), valid from tknb to tkna. It lives under the CSEBase of the
// Role Repository; the security pipeline finds it by roleID (rlid) through
// ResourceRepository::rolesByRoleId. The CRUD procedures are the generic ones; only the value
// formats are checked here.

#include "resources/type_handler.h"

namespace citadel::resources {

class RoleType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kRole; }
  // 4000 for an rlid that is not an m2m:roleID or a tknb after tkna.
  model::Status validateCreate(const model::Json& attributes) const override;
};

}  // namespace citadel::resources
