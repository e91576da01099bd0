#pragma once
// What the CSE knows about a resource type, as data: one TypeDescriptor per type, in one table
// (resources/type_descriptors.cpp). The registry, the attribute-policy table, the repository's
// indexes and the parent/child checks all read it, so adding a type means its handler files
// (resources/types/) plus one descriptor row and its attribute-policy rows.
//
// Thread-safety: the table is immutable after first use and safe to read from any thread.

#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "cse/model/types.h"

namespace citadel::resources {

class TypeHandler;
struct CseIdentity;

// Secondary indexes keyed by the value of one attribute (resources/key_layout.h). Every type is
// also indexed by its name under its parent, its ty, its labels (lbl) and its expirationTime
// (et): those come from the universal attributes and need no descriptor entry.
enum class AttributeIndexKind : uint8_t {
  kRoleId,   // ro/<rlid>/<ri>: ResourceRepository::rolesByRoleId
  kTokenId,  // tk/<tkid>/<ri>: ResourceRepository::tokenByTokenId
};

struct IndexedAttribute {
  std::string_view attribute;  // short name of a string attribute holding an m2m:roleID/tokenID
  AttributeIndexKind kind;
  // One resource per value in the whole store: a u/<attribute>/<value> claim key that a CREATE
  // expects absent (ResourceRepository::stageUniqueness).
  bool unique;
};

struct TypeDescriptor {
  model::ResourceType type;     // ty
  std::string_view short_name;  // JSON root element: "m2m:cnt"
  std::string_view long_name;   // "container"
  std::string_view id_prefix;   // prefix of CSE-assigned IDs: "cnt"
  // The types a resource of this type may be created under (TS-0001 §9.6.x child tables, for
  // the types this CSE implements). Empty for the CSEBase, which only the CSE creates.
  std::span<const model::ResourceType> parents = {};
  // True when the type carries acpi/daci/cstn (no default: every row states it). False for types governed by their parent's
  // ACPs (contentInstance) or by their own pvs (accessControlPolicy).
  bool has_acpi;
  bool has_state_tag = false;  // st advances on every modification
  std::span<const IndexedAttribute> indexed_attributes = {};
  // The parent type this type is an instance of (contentInstance of container): the parent
  // keeps the instances' creation order (i/ index) and counters (cni/cbs).
  std::optional<model::ResourceType> instance_of = std::nullopt;
  // Whether this CSE announces resources of this type (TS-0001 §9.6.26: at/aa trigger the
  // announcement; its announced variant is ty + 10000, resources/announced_attributes.h).
  bool announceable = false;
  // Builds the type's handler (registerBuiltinTypes).
  std::unique_ptr<TypeHandler> (*make_handler)(const CseIdentity& identity) = nullptr;
};

// Every type this CSE implements, in ascending ty.
std::span<const TypeDescriptor> builtinTypeDescriptors();

// The descriptor of `type` / `ty`; nullptr when this CSE does not implement it.
const TypeDescriptor* findDescriptor(model::ResourceType type);
const TypeDescriptor* findDescriptor(uint16_t ty);

// True when a resource of type `child` may be created under one of type `parent`.
bool allowsChild(model::ResourceType parent, model::ResourceType child);

// True when `type` is an instance of `parent` (TypeDescriptor::instance_of): a contentInstance
// of a container.
bool isInstanceOf(model::ResourceType type, model::ResourceType parent);

}  // namespace citadel::resources
