#pragma once
// Maps `ty` to its handler. Filled explicitly by registerBuiltinTypes (no static registrars)
// from the descriptor table (resources/type_descriptor.h). Read-only after start-up, so safe to
// read from any thread.

#include <memory>
#include <unordered_map>

#include "resources/type_handler.h"

namespace citadel::resources {

class TypeRegistry {
 public:
  // Precondition (checked): the handler's type has a descriptor row.
  void add(std::unique_ptr<TypeHandler> handler);
  // The handler for `ty`, or nullptr when this CSE does not implement it.
  const TypeHandler* find(uint16_t ty) const;
  const TypeHandler& get(ResourceType type) const;  // precondition: registered
  // The `ty` values registered, ascending (CSEBase srt).
  std::vector<uint16_t> supportedTypes() const;

 private:
  std::unordered_map<uint16_t, std::unique_ptr<TypeHandler>> handlers_;
};

// Registers the handler of every type in builtinTypeDescriptors(): CSEBase, AE, container,
// contentInstance, accessControlPolicy, subscription, group, role, token and
// dynamicAuthorizationConsultation.
void registerBuiltinTypes(TypeRegistry& registry, const CseIdentity& identity);

}  // namespace citadel::resources
