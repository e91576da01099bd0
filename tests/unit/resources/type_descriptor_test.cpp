// The descriptor table (resources/type_descriptor.h) against what the per-type code said before
// it: every registered type has a row, the parent relations equal TS-0001's child-resource
// tables for the types this CSE implements, the CSEBase's srt is unchanged, and has_acpi agrees
// with the attribute-policy table.
#include "resources/type_descriptor.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <vector>

#include "resources/attribute_policy.h"
#include "resources/type_registry.h"

namespace citadel::resources {
namespace {

using model::ResourceType;
using enum model::ResourceType;

// Parent -> the children it may hold: TS-0001 Tables 9.6.2-1 (ACP), 9.6.3-1 (CSEBase), 9.6.5-1
// (AE), 9.6.6-1 (container), 9.6.7-1 (contentInstance: none), 9.6.8-1 (subscription: none),
// 9.6.4-1 (remoteCSE), 9.6.13-1 (group), 9.6.38-1 (role), 9.6.39-1 (token), 9.6.40-1 (DAC),
// restricted to the types implemented here. This is what the handlers' allowsChild lists said
// before the descriptors (plus <remoteCSE>, added since).
const std::map<ResourceType, std::set<ResourceType>>& expectedChildren() {
  static const std::map<ResourceType, std::set<ResourceType>> kChildren = {
      {kCSEBase,
       {kAE, kContainer, kAccessControlPolicy, kSubscription, kGroup, kRole, kToken,
        kDynamicAuthorizationConsultation, kRemoteCSE, kRequest, kCSEBaseAnnc, kRemoteCSEAnnc,
        kAuthorizationDecision, kAuthorizationPolicy, kAuthorizationInformation, kNode,
        kSchedule}},
      // TS-0001 Table 9.6.4-1: the <AE>'s children except <AE>-only types; the announced
      // variants where Release 2/3 CSEs place them (resources/type_descriptors.cpp).
      {kRemoteCSE,
       {kContainer, kAccessControlPolicy, kSubscription, kGroup,
        kDynamicAuthorizationConsultation, kAccessControlPolicyAnnc, kAEAnnc, kContainerAnnc,
        kGroupAnnc, kPollingChannel, kRemoteCSEAnnc, kNodeAnnc}},
      {kAE,
       {kContainer, kAccessControlPolicy, kSubscription, kGroup,
        kDynamicAuthorizationConsultation, kPollingChannel}},
      // TS-0001 Table 9.6.21-1: only the virtual pcu (and <transaction>, not implemented).
      {kPollingChannel, {}},
      {kContainer, {kContainer, kContentInstance, kSubscription}},
      {kContentInstance, {}},
      {kAccessControlPolicy, {kSubscription}},
      // TS-0001 Table 9.6.8-1: its notificationSchedule (the policy types not implemented).
      {kSubscription, {kSchedule}},
      // TS-0004 Table 7.4.9.1-6 (<transaction> not implemented).
      {kSchedule, {kSubscription}},
      {kGroup, {kSubscription}},
      {kRole, {kSubscription}},
      {kToken, {kSubscription}},
      {kDynamicAuthorizationConsultation, {kSubscription}},
      // TS-0004 Table 7.4.18.1-4 (<mgmtObj>, <semanticDescriptor>, <transaction> and <schedule>
      // not implemented yet).
      {kNode, {kSubscription, kSchedule}},
      {kNodeAnnc, {kSubscription, kScheduleAnnc}},
      {kScheduleAnnc, {kSubscription}},
      // TS-0004 Tables 7.4.43.1-4 to 7.4.45.1-4 (<transaction> not implemented; the <role> and
      // <token> children of an <authorizationInformation> are a PIP answer's, never stored).
      {kAuthorizationDecision, {kSubscription}},
      {kAuthorizationPolicy, {kSubscription}},
      {kAuthorizationInformation, {kSubscription}},
      // TS-0001 Table 9.6.12-1 lists <subscription>; not implemented under a <request> yet.
      {kRequest, {}},
      // TS-0001 Table 9.6.26.1-1, restricted to the types implemented here (an ordinary
      // <contentInstance> under a <containerAnnc> is not: its counters live on a <container>).
      {kAccessControlPolicyAnnc, {kSubscription}},
      {kAEAnnc,
       {kSubscription, kContainer, kContainerAnnc, kGroup, kGroupAnnc, kAccessControlPolicy,
        kAccessControlPolicyAnnc}},
      {kContainerAnnc, {kContainer, kContainerAnnc, kContentInstanceAnnc, kSubscription}},
      {kContentInstanceAnnc, {}},
      {kCSEBaseAnnc,
       {kContainer, kContainerAnnc, kGroup, kGroupAnnc, kAccessControlPolicy,
        kAccessControlPolicyAnnc, kSubscription, kAEAnnc, kRemoteCSEAnnc, kNodeAnnc,
        kScheduleAnnc}},
      {kGroupAnnc, {kSubscription}},
      // TS-0001 Table 9.6.26.1-1 (remoteCSEAnnc), restricted to the types implemented here.
      {kRemoteCSEAnnc,
       {kContainer, kContainerAnnc, kGroup, kGroupAnnc, kAccessControlPolicy,
        kAccessControlPolicyAnnc, kSubscription, kRemoteCSEAnnc, kAEAnnc, kNodeAnnc,
        kScheduleAnnc}},
  };
  return kChildren;
}

TypeRegistry builtinRegistry(const CseIdentity& identity) {
  TypeRegistry registry;
  registerBuiltinTypes(registry, identity);
  return registry;
}

const CseIdentity kDescriptorIdentity{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};

TEST(TypeDescriptorTest, DescribesEveryRegisteredTypeOnce) {
  TypeRegistry registry = builtinRegistry(kDescriptorIdentity);
  std::vector<uint16_t> registered = registry.supportedTypes();
  ASSERT_EQ(registered.size(), builtinTypeDescriptors().size());
  for (uint16_t ty : registered) {
    const TypeDescriptor* descriptor = findDescriptor(ty);
    ASSERT_NE(descriptor, nullptr) << ty;
    const TypeHandler* handler = registry.find(ty);
    ASSERT_NE(handler, nullptr) << ty;
    EXPECT_EQ(&handler->descriptor(), descriptor) << ty;
    EXPECT_EQ(handler->rootName(), descriptor->short_name) << ty;
    EXPECT_EQ(handler->idPrefix(), descriptor->id_prefix) << ty;
    EXPECT_FALSE(descriptor->long_name.empty()) << ty;
  }
}

TEST(TypeDescriptorTest, KeepsTheSupportedTypesOfTheCseBase) {
  // srt of the CSEBase (cse/app builds it from supportedTypes()).
  EXPECT_EQ(builtinRegistry(kDescriptorIdentity).supportedTypes(),
            (std::vector<uint16_t>{1, 2, 3, 4, 5, 9, 14, 15, 16, 17, 18, 23, 31, 32, 34, 35,
                                   36, 37, 10001, 10002, 10003, 10004, 10005, 10009, 10014,
                                   10016, 10018}));
}

TEST(TypeDescriptorTest, AllowsExactlyTheChildrenOfTheSpecTables) {
  TypeRegistry registry = builtinRegistry(kDescriptorIdentity);
  ASSERT_EQ(expectedChildren().size(), builtinTypeDescriptors().size());
  for (const auto& [parent, children] : expectedChildren()) {
    for (const TypeDescriptor& child : builtinTypeDescriptors()) {
      bool expected = children.count(child.type) > 0;
      EXPECT_EQ(allowsChild(parent, child.type), expected)
          << "parent " << static_cast<int>(parent) << " child " << static_cast<int>(child.type);
      EXPECT_EQ(registry.get(parent).allowsChild(child.type), expected);
    }
  }
}

TEST(TypeDescriptorTest, AllowsNoChildOfAnUnknownType) {
  EXPECT_EQ(findDescriptor(uint16_t{7}), nullptr);
  EXPECT_EQ(findDescriptor(uint16_t{60000}), nullptr);
  EXPECT_FALSE(allowsChild(kCSEBase, static_cast<ResourceType>(7)));
  EXPECT_FALSE(allowsChild(static_cast<ResourceType>(7), kSubscription));
}

TEST(TypeDescriptorTest, StatesAcpiOnceForTheHandlerAndThePolicyTable) {
  for (const TypeDescriptor& descriptor : builtinTypeDescriptors()) {
    EXPECT_FALSE(policiesFor(descriptor.type).empty()) << static_cast<int>(descriptor.type);
    if (model::isAnnouncedType(descriptor.type)) {
      // An announced resource carries acpi (TS-0004 Table 7.4.26.1-2); daci only where the
      // original announces it (OA), cstn never.
      EXPECT_EQ(findPolicy(descriptor.type, "acpi") != nullptr, descriptor.has_acpi)
          << static_cast<int>(descriptor.type);
      EXPECT_EQ(findPolicy(descriptor.type, "cstn"), nullptr);
      continue;
    }
    for (const char* name : {"acpi", "daci", "cstn"}) {
      EXPECT_EQ(findPolicy(descriptor.type, name) != nullptr, descriptor.has_acpi)
          << static_cast<int>(descriptor.type) << " " << name;
    }
  }
  EXPECT_FALSE(findDescriptor(kContentInstance)->has_acpi);
  EXPECT_FALSE(findDescriptor(kAccessControlPolicy)->has_acpi);
  EXPECT_TRUE(findDescriptor(kContainer)->has_acpi);
}

TEST(TypeDescriptorTest, NamesTheIndexesAndInstanceRelationsTheRepositoryKeeps) {
  // TS-0001 §9.6.26: the announceable types this CSE announces (resources/announced_attributes.h).
  const std::set<ResourceType> announceable = {kAccessControlPolicy, kAE, kContainer,
                                               kContentInstance, kGroup, kRemoteCSE, kNode,
                                               kSchedule};
  for (const TypeDescriptor& descriptor : builtinTypeDescriptors()) {
    EXPECT_EQ(descriptor.announceable, announceable.count(descriptor.type) > 0)
        << static_cast<int>(descriptor.type);
    if (descriptor.announceable) {
      EXPECT_NE(findDescriptor(model::announcedTypeOf(descriptor.type)), nullptr);
    }
    if (descriptor.type == kRole) {
      ASSERT_EQ(descriptor.indexed_attributes.size(), 1u);
      EXPECT_EQ(descriptor.indexed_attributes[0].attribute, "rlid");
      EXPECT_EQ(descriptor.indexed_attributes[0].kind, AttributeIndexKind::kRoleId);
      EXPECT_FALSE(descriptor.indexed_attributes[0].unique);
    } else if (descriptor.type == kToken) {
      ASSERT_EQ(descriptor.indexed_attributes.size(), 1u);
      EXPECT_EQ(descriptor.indexed_attributes[0].attribute, "tkid");
      EXPECT_EQ(descriptor.indexed_attributes[0].kind, AttributeIndexKind::kTokenId);
      EXPECT_TRUE(descriptor.indexed_attributes[0].unique);
    } else {
      EXPECT_TRUE(descriptor.indexed_attributes.empty()) << static_cast<int>(descriptor.type);
    }
    if (descriptor.type == kContentInstance) {
      EXPECT_EQ(descriptor.instance_of, kContainer);
    } else {
      EXPECT_FALSE(descriptor.instance_of.has_value()) << static_cast<int>(descriptor.type);
    }
  }
  EXPECT_TRUE(isInstanceOf(kContentInstance, kContainer));
  EXPECT_FALSE(isInstanceOf(kContainer, kContainer));
}

}  // namespace
}  // namespace citadel::resources
