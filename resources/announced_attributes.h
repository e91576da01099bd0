#pragma once
// Which attributes of an announceable type its announced variant carries (TS-0001 §9.6.x
// attribute tables, last column): MA (mandatory announced: always sent with the announcement
// and kept in step) and OA (optional announced: sent when named in the original's
// announcedAttribute, aa). NA attributes stay with the original.
//
// Only the resource-specific attributes are listed per type. The common ones every announced
// resource carries are handled once, by the attribute table (resources/attribute_policies.cpp)
// and the Announcer: expirationTime, labels and accessControlPolicyIDs are MA for every
// announceable type that has them (TS-0004 §7.3.3.10), dynamicAuthorizationConsultationIDs is
// OA (listed per type where the type has it).
//
// Thread-safety: immutable tables.

#include <optional>
#include <span>
#include <string_view>

#include "cse/model/types.h"

namespace citadel::resources {

enum class Announced : uint8_t { kMandatory, kOptional };  // MA, OA

struct AnnouncedAttribute {
  std::string_view name;  // short name
  Announced kind;
};

// The MA/OA resource-specific attributes of `original` (an announceable type: AE, container,
// contentInstance, accessControlPolicy, group, node, schedule, CSEBase, remoteCSE); empty for
// any other type.
std::span<const AnnouncedAttribute> announcedAttributesOf(model::ResourceType original);

// The original type of an announced variant (<AEAnnc> -> <AE>), or nullopt for a type that is
// not one.
std::optional<model::ResourceType> originalTypeOf(model::ResourceType announced);

// The entry of `name` among announcedAttributesOf(original), or nullptr.
const AnnouncedAttribute* findAnnouncedAttribute(model::ResourceType original,
                                                 std::string_view name);

}  // namespace citadel::resources
