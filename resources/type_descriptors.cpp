// The descriptor table: one row per resource type (resources/type_descriptor.h). Parent lists
// follow TS-0001's child-resource tables (§9.6.x "Child resources of <type>"), restricted to the
// types this CSE implements.
#include <array>

#include "resources/type_descriptor.h"
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
namespace {

using enum model::ResourceType;

template <typename Handler>
std::unique_ptr<TypeHandler> make(const CseIdentity&) {
  return std::make_unique<Handler>();
}

template <typename Handler>
std::unique_ptr<TypeHandler> makeWithIdentity(const CseIdentity& identity) {
  return std::make_unique<Handler>(identity);
}

// TS-0001 Tables 9.6.3-1 (CSEBase) and 9.6.5-1 (AE).
constexpr model::ResourceType kUnderCseBase[] = {kCSEBase};
constexpr model::ResourceType kUnderCseBaseOrAe[] = {kCSEBase, kAE};
// TS-0001 Table 9.6.6-1: a container nests.
constexpr model::ResourceType kUnderContainerHolders[] = {kCSEBase, kAE, kContainer};
constexpr model::ResourceType kUnderContainer[] = {kContainer};
// Every type above that lists <subscription> as a child (TS-0001 Tables 9.6.2-1, 9.6.3-1,
// 9.6.5-1, 9.6.6-1, 9.6.13-1, 9.6.38-1, 9.6.39-1, 9.6.40-1).
constexpr model::ResourceType kSubscribable[] = {
    kAccessControlPolicy, kAE, kContainer, kCSEBase, kGroup, kRole, kToken,
    kDynamicAuthorizationConsultation};

constexpr IndexedAttribute kRoleIndexes[] = {{"rlid", AttributeIndexKind::kRoleId, false}};
// TS-0003 §7.3.2.4: a tokenID names one token, so it is unique in the store.
constexpr IndexedAttribute kTokenIndexes[] = {{"tkid", AttributeIndexKind::kTokenId, true}};

// Ascending ty. Columns: ty, root, long name, ID prefix, parents, has acpi, has st, indexed
// attributes, instance of, announceable, handler.
const TypeDescriptor kDescriptors[] = {
    {kAccessControlPolicy, "m2m:acp", "accessControlPolicy", "acp", kUnderCseBaseOrAe,
     false /* its own pvs govern it */, false, {}, std::nullopt, false,
     make<AccessControlPolicyType>},
    {kAE, "m2m:ae", "AE", "C", kUnderCseBase, true, false, {}, std::nullopt, false,
     makeWithIdentity<AeType>},
    {kContainer, "m2m:cnt", "container", "cnt", kUnderContainerHolders, true, true, {},
     std::nullopt, false, make<ContainerType>},
    {kContentInstance, "m2m:cin", "contentInstance", "cin", kUnderContainer,
     false /* its container's acpi governs it */, true, {}, kContainer, false,
     make<ContentInstanceType>},
    {kCSEBase, "m2m:cb", "CSEBase", "cb", {}, true, false, {}, std::nullopt, false,
     make<CseBaseType>},
    {kGroup, "m2m:grp", "group", "grp", kUnderCseBaseOrAe, true, false, {}, std::nullopt, false,
     makeWithIdentity<GroupType>},
    {kSubscription, "m2m:sub", "subscription", "sub", kSubscribable, true, false, {},
     std::nullopt, false, make<SubscriptionType>},
    {kRole, "m2m:rol", "role", "rol", kUnderCseBase, true, false, kRoleIndexes, std::nullopt,
     false, make<RoleType>},
    {kToken, "m2m:tk", "token", "tk", kUnderCseBase, true, false, kTokenIndexes, std::nullopt,
     false, make<TokenType>},
    {kDynamicAuthorizationConsultation, "m2m:dac", "dynamicAuthorizationConsultation", "dac",
     kUnderCseBaseOrAe, true, false, {}, std::nullopt, false,
     make<DynamicAuthorizationConsultationType>},
};

// ty values are small (TS-0004 Table 6.3.4.2.1-1 stops below 100 for normal resources); a
// direct-indexed array makes the lookup O(1) on the request path.
constexpr size_t kMaxTy = 128;

const std::array<const TypeDescriptor*, kMaxTy>& byTy() {
  static const std::array<const TypeDescriptor*, kMaxTy> kByTy = [] {
    std::array<const TypeDescriptor*, kMaxTy> table{};
    for (const auto& descriptor : kDescriptors) {
      table[static_cast<uint16_t>(descriptor.type)] = &descriptor;
    }
    return table;
  }();
  return kByTy;
}

}  // namespace

std::span<const TypeDescriptor> builtinTypeDescriptors() { return kDescriptors; }

const TypeDescriptor* findDescriptor(uint16_t ty) {
  return ty < kMaxTy ? byTy()[ty] : nullptr;
}

const TypeDescriptor* findDescriptor(model::ResourceType type) {
  return findDescriptor(static_cast<uint16_t>(type));
}

bool allowsChild(model::ResourceType parent, model::ResourceType child) {
  const TypeDescriptor* descriptor = findDescriptor(child);
  if (descriptor == nullptr) {
    return false;
  }
  for (model::ResourceType allowed : descriptor->parents) {
    if (allowed == parent) {
      return true;
    }
  }
  return false;
}

bool isInstanceOf(model::ResourceType type, model::ResourceType parent) {
  const TypeDescriptor* descriptor = findDescriptor(type);
  return descriptor != nullptr && descriptor->instance_of == parent;
}

}  // namespace citadel::resources
