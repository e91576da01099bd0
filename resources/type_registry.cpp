#include "resources/type_registry.h"

#include <algorithm>

#include "resources/types/access_control_policy.h"
#include "resources/types/ae.h"
#include "resources/types/container.h"
#include "resources/types/content_instance.h"
#include "resources/types/cse_base.h"
#include "resources/types/dynamic_authorization_consultation.h"
#include "resources/types/group.h"
#include "resources/types/role.h"
#include "resources/types/subscription.h"
#include "resources/types/token.h"

namespace citadel::resources {

void TypeRegistry::add(std::unique_ptr<TypeHandler> handler) {
  auto ty = static_cast<uint16_t>(handler->type());
  handlers_[ty] = std::move(handler);
}

const TypeHandler* TypeRegistry::find(uint16_t ty) const {
  auto it = handlers_.find(ty);
  return it == handlers_.end() ? nullptr : it->second.get();
}

const TypeHandler& TypeRegistry::get(ResourceType type) const {
  const TypeHandler* handler = find(static_cast<uint16_t>(type));
  CITADEL_CHECK(handler != nullptr);
  return *handler;
}

std::vector<uint16_t> TypeRegistry::supportedTypes() const {
  std::vector<uint16_t> types;
  for (const auto& [ty, handler] : handlers_) {
    types.push_back(ty);
  }
  std::sort(types.begin(), types.end());
  return types;
}

void registerBuiltinTypes(TypeRegistry& registry, const CseIdentity& identity) {
  registry.add(std::make_unique<AccessControlPolicyType>());
  registry.add(std::make_unique<AeType>(identity));
  registry.add(std::make_unique<ContainerType>());
  registry.add(std::make_unique<ContentInstanceType>());
  registry.add(std::make_unique<CseBaseType>());
  registry.add(std::make_unique<DynamicAuthorizationConsultationType>());
  registry.add(std::make_unique<GroupType>(identity));
  registry.add(std::make_unique<RoleType>());
  registry.add(std::make_unique<SubscriptionType>());
  registry.add(std::make_unique<TokenType>());
}

}  // namespace citadel::resources
