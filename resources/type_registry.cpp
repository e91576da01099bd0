#include "resources/type_registry.h"

#include <algorithm>

#include "resources/type_descriptor.h"

namespace citadel::resources {

void TypeRegistry::add(std::unique_ptr<TypeHandler> handler) {
  // A handler without a descriptor row would answer nothing consistent (parents, indexes).
  CITADEL_CHECK(findDescriptor(handler->type()) != nullptr);
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
  for (const TypeDescriptor& descriptor : builtinTypeDescriptors()) {
    CITADEL_CHECK(descriptor.make_handler != nullptr);
    registry.add(descriptor.make_handler(identity));
  }
}

}  // namespace citadel::resources
