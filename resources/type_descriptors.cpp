// The descriptor table: one row per resource type (resources/type_descriptor.h). Parent lists
// follow TS-0001's child-resource tables (§9.6.x "Child resources of <type>"), restricted to the
// types this CSE implements.
#include <array>

#include "resources/type_descriptor.h"
#include "resources/types/access_control_policy.h"
#include "resources/types/ae.h"
#include "resources/types/announced.h"
#include "resources/types/authorization_resources.h"
#include "resources/types/container.h"
#include "resources/types/content_instance.h"
#include "resources/types/cse_base.h"
#include "resources/types/dynamic_authorization_consultation.h"
#include "resources/types/group.h"
#include "resources/types/node.h"
#include "resources/types/polling_channel.h"
#include "resources/types/remote_cse.h"
#include "resources/types/request.h"
#include "resources/types/role.h"
#include "resources/types/schedule.h"
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

template <model::ResourceType kType>
std::unique_ptr<TypeHandler> makeAnnounced(const CseIdentity& identity) {
  return std::make_unique<AnnouncedType>(kType, identity);
}

// TS-0001 Tables 9.6.3-1 (CSEBase), 9.6.4-1 (remoteCSE) and 9.6.5-1 (AE). A <remoteCSE> holds
// the same of these types as an <AE> does. Table 9.6.26.1-1 adds the announced holders: an
// <AEAnnc> and a <CSEBaseAnnc> hold ordinary <container>, <group> and <accessControlPolicy>
// resources created at the announcement target itself.
constexpr model::ResourceType kUnderCseBase[] = {kCSEBase};
// TS-0001 Table 9.6.40-1's holders; the announced ones hold only its announced variant.
constexpr model::ResourceType kUnderCseBaseOrAeOnly[] = {kCSEBase, kAE, kRemoteCSE};
constexpr model::ResourceType kUnderCseBaseOrAe[] = {kCSEBase, kAE, kRemoteCSE, kAEAnnc,
                                                     kCSEBaseAnnc, kRemoteCSEAnnc};
// TS-0001 Table 9.6.6-1: a container nests; Table 9.6.26.1-1: under the announced holders too.
constexpr model::ResourceType kUnderContainerHolders[] = {
    kCSEBase, kAE, kContainer, kRemoteCSE, kAEAnnc, kContainerAnnc, kCSEBaseAnnc, kRemoteCSEAnnc};
constexpr model::ResourceType kUnderContainer[] = {kContainer};
// TS-0001 Tables 9.6.3-1 (the CSE's reachability schedule), 9.6.8-1 (a subscription's
// notificationSchedule) and 9.6.18-1 (a node's).
constexpr model::ResourceType kUnderScheduled[] = {kCSEBase, kSubscription, kNode};
// Every type above that lists <subscription> as a child (TS-0001 Tables 9.6.2-1, 9.6.3-1,
// 9.6.4-1, 9.6.5-1, 9.6.6-1, 9.6.13-1, 9.6.18-1, 9.6.38-1, 9.6.39-1, 9.6.40-1, 9.6.41-1 to
// 9.6.43-1, and 9.6.26.1-1 for the announced types).
constexpr model::ResourceType kSubscribable[] = {
    kAccessControlPolicy, kAE,    kContainer, kCSEBase,
    kGroup,               kRole,  kToken,     kDynamicAuthorizationConsultation,
    kRemoteCSE,           kAccessControlPolicyAnnc, kAEAnnc, kContainerAnnc,
    kCSEBaseAnnc,         kGroupAnnc,   kRemoteCSEAnnc, kAuthorizationDecision,
    kAuthorizationPolicy, kAuthorizationInformation, kNode, kNodeAnnc, kSchedule, kScheduleAnnc,
};
// Announced resources (TS-0001 Table 9.6.26.1-1): a <CSEBaseAnnc> under the target's
// <CSEBase> represents the announcing CSE; the announced resources whose parent is not announced
// go under it, the others under their announced parent. Under a <remoteCSE> as well, where
// Release 2/3 CSEs (and ACME) place them.
// A <remoteCSEAnnc> holds what a <remoteCSE> holds, announced (TS-0001 Table 9.6.26.1-1).
constexpr model::ResourceType kUnderAnnouncedCseHolders[] = {kCSEBaseAnnc, kRemoteCSE,
                                                             kRemoteCSEAnnc};
constexpr model::ResourceType kUnderAnnouncedAeHolders[] = {kCSEBaseAnnc, kRemoteCSE, kAEAnnc,
                                                            kRemoteCSEAnnc};
// TS-0001 Table 9.6.3-1 adds the <CSEBase>: a CSE that announced itself to another CSE with
// which it has no registration relationship.
constexpr model::ResourceType kUnderRemoteCseAnncHolders[] = {kCSEBase, kCSEBaseAnnc, kRemoteCSE,
                                                              kRemoteCSEAnnc};
constexpr model::ResourceType kUnderAnnouncedContainerHolders[] = {
    kCSEBaseAnnc, kRemoteCSE, kAEAnnc, kContainerAnnc, kRemoteCSEAnnc};
constexpr model::ResourceType kUnderContainerAnnc[] = {kContainerAnnc};
constexpr model::ResourceType kUnderAnnouncedScheduleHolders[] = {kCSEBaseAnnc, kRemoteCSEAnnc,
                                                                  kNodeAnnc};
// TS-0001 Table 9.6.21's parents: the <AE> or <remoteCSE> of the request-unreachable entity.
constexpr model::ResourceType kUnderAeOrRemoteCse[] = {kAE, kRemoteCSE};

constexpr IndexedAttribute kRoleIndexes[] = {{"rlid", AttributeIndexKind::kRoleId, false}};
// TS-0003 §7.3.2.4: a tokenID names one token, so it is unique in the store.
constexpr IndexedAttribute kTokenIndexes[] = {{"tkid", AttributeIndexKind::kTokenId, true}};

// Ascending ty. A row leaves out what its type does not have (no state tag, no attribute
// index, not an instance type); has_acpi is always stated.
const TypeDescriptor kDescriptors[] = {
    {.type = kAccessControlPolicy, .short_name = "m2m:acp", .long_name = "accessControlPolicy",
     .id_prefix = "acp", .parents = kUnderCseBaseOrAe,
     .has_acpi = false,  // its own selfPrivileges (pvs) govern it
     .announceable = true, .make_handler = make<AccessControlPolicyType>},
    {.type = kAE, .short_name = "m2m:ae", .long_name = "AE", .id_prefix = "C",
     .parents = kUnderCseBase, .has_acpi = true, .announceable = true,
     .make_handler = makeWithIdentity<AeType>},
    {.type = kContainer, .short_name = "m2m:cnt", .long_name = "container", .id_prefix = "cnt",
     .parents = kUnderContainerHolders, .has_acpi = true, .has_state_tag = true,
     .announceable = true, .make_handler = make<ContainerType>},
    {.type = kContentInstance, .short_name = "m2m:cin", .long_name = "contentInstance",
     .id_prefix = "cin", .parents = kUnderContainer,
     .has_acpi = false,  // its container's acpi governs it
     .has_state_tag = true, .instance_of = kContainer, .announceable = true,
     .make_handler = make<ContentInstanceType>},
    {.type = kCSEBase, .short_name = "m2m:cb", .long_name = "CSEBase", .id_prefix = "cb",
     .has_acpi = true, .make_handler = make<CseBaseType>},
    {.type = kGroup, .short_name = "m2m:grp", .long_name = "group", .id_prefix = "grp",
     .parents = kUnderCseBaseOrAe, .has_acpi = true, .announceable = true,
     .make_handler = makeWithIdentity<GroupType>},
    // TS-0001 Table 9.6.3-1: only the <CSEBase> holds <node> resources (ACME also allows a
    // <remoteCSE>; the spec's table wins).
    {.type = kNode, .short_name = "m2m:nod", .long_name = "node", .id_prefix = "nod",
     .parents = kUnderCseBase, .has_acpi = true, .announceable = true,
     .make_handler = make<NodeType>},
    // Governed by identity, not ACPs: its parent's AE/CSE creates it, its creator uses it.
    {.type = kPollingChannel, .short_name = "m2m:pch", .long_name = "pollingChannel",
     .id_prefix = "pch", .parents = kUnderAeOrRemoteCse, .has_acpi = false,
     .make_handler = make<PollingChannelType>},
    // Its resource ID is the CSE-ID without '/' (RemoteCseType), so the prefix is unused.
    {.type = kRemoteCSE, .short_name = "m2m:csr", .long_name = "remoteCSE", .id_prefix = "csr",
     .parents = kUnderCseBase, .has_acpi = true, .announceable = true,
     .make_handler = makeWithIdentity<RemoteCseType>},
    // TS-0001 §9.6.12: only the CSE creates a <request>, always under its <CSEBase>.
    {.type = kRequest, .short_name = "m2m:req", .long_name = "request", .id_prefix = "req",
     .parents = kUnderCseBase, .has_acpi = true, .make_handler = make<RequestType>},
    {.type = kSchedule, .short_name = "m2m:sch", .long_name = "schedule", .id_prefix = "sch",
     .parents = kUnderScheduled, .has_acpi = true, .announceable = true,
     .make_handler = make<ScheduleType>},
    {.type = kSubscription, .short_name = "m2m:sub", .long_name = "subscription",
     .id_prefix = "sub", .parents = kSubscribable, .has_acpi = true,
     .make_handler = make<SubscriptionType>},
    {.type = kRole, .short_name = "m2m:rol", .long_name = "role", .id_prefix = "rol",
     .parents = kUnderCseBase, .has_acpi = true, .indexed_attributes = kRoleIndexes,
     .make_handler = make<RoleType>},
    {.type = kToken, .short_name = "m2m:tk", .long_name = "token", .id_prefix = "tk",
     .parents = kUnderCseBase, .has_acpi = true, .indexed_attributes = kTokenIndexes,
     .make_handler = make<TokenType>},
    {.type = kDynamicAuthorizationConsultation, .short_name = "m2m:dac",
     .long_name = "dynamicAuthorizationConsultation", .id_prefix = "dac",
     .parents = kUnderCseBaseOrAeOnly, .has_acpi = true,
     .make_handler = make<DynamicAuthorizationConsultationType>},
    // TS-0003 §7.5.5: children of the <CSEBase>, their management governed by its ACPs, their
    // use by their own. The <role>/<token> children a PIP answer holds are not stored here
    // (cse/engine/authorization).
    {.type = kAuthorizationDecision, .short_name = "m2m:auds",
     .long_name = "authorizationDecision", .id_prefix = "auds", .parents = kUnderCseBase,
     .has_acpi = true, .make_handler = make<AuthorizationDecisionType>},
    {.type = kAuthorizationPolicy, .short_name = "m2m:aupy", .long_name = "authorizationPolicy",
     .id_prefix = "aupy", .parents = kUnderCseBase, .has_acpi = true,
     .make_handler = make<AuthorizationPolicyType>},
    {.type = kAuthorizationInformation, .short_name = "m2m:auif",
     .long_name = "authorizationInformation", .id_prefix = "auif", .parents = kUnderCseBase,
     .has_acpi = true, .make_handler = make<AuthorizationInformationType>},
    // Announced variants (TS-0001 §9.6.26, TS-0004 §7.4.26): one generic handler; their
    // attributes are the original's MA/OA ones (resources/announced_attributes.h).
    {.type = kAccessControlPolicyAnnc, .short_name = "m2m:acpA",
     .long_name = "accessControlPolicyAnnc", .id_prefix = "acpA",
     .parents = kUnderAnnouncedAeHolders,
     .has_acpi = false,  // governed by its own announced selfPrivileges, as the original
     .make_handler = makeAnnounced<kAccessControlPolicyAnnc>},
    {.type = kAEAnnc, .short_name = "m2m:aeA", .long_name = "AEAnnc", .id_prefix = "aeA",
     .parents = kUnderAnnouncedCseHolders, .has_acpi = true,
     .make_handler = makeAnnounced<kAEAnnc>},
    {.type = kContainerAnnc, .short_name = "m2m:cntA", .long_name = "containerAnnc",
     .id_prefix = "cntA", .parents = kUnderAnnouncedContainerHolders, .has_acpi = true,
     .make_handler = makeAnnounced<kContainerAnnc>},
    {.type = kContentInstanceAnnc, .short_name = "m2m:cinA", .long_name = "contentInstanceAnnc",
     .id_prefix = "cinA", .parents = kUnderContainerAnnc,
     .has_acpi = false,  // its <containerAnnc>'s acpi governs it, as the original's container
     .make_handler = makeAnnounced<kContentInstanceAnnc>},
    {.type = kCSEBaseAnnc, .short_name = "m2m:cbA", .long_name = "CSEBaseAnnc",
     .id_prefix = "cbA", .parents = kUnderCseBase, .has_acpi = true,
     .make_handler = makeAnnounced<kCSEBaseAnnc>},
    {.type = kGroupAnnc, .short_name = "m2m:grpA", .long_name = "groupAnnc", .id_prefix = "grpA",
     .parents = kUnderAnnouncedAeHolders, .has_acpi = true,
     .make_handler = makeAnnounced<kGroupAnnc>},
    // A <nodeAnnc> goes where the announced <CSEBase> or <remoteCSE> holders are (ACME: cbA, csr,
    // csrA).
    {.type = kNodeAnnc, .short_name = "m2m:nodA", .long_name = "nodeAnnc", .id_prefix = "nodA",
     .parents = kUnderAnnouncedCseHolders, .has_acpi = true,
     .make_handler = makeAnnounced<kNodeAnnc>},
    {.type = kRemoteCSEAnnc, .short_name = "m2m:csrA", .long_name = "remoteCSEAnnc",
     .id_prefix = "csrA", .parents = kUnderRemoteCseAnncHolders, .has_acpi = true,
     .make_handler = makeAnnounced<kRemoteCSEAnnc>},
    // TS-0001 Table 9.6.26.1-1: under a <nodeAnnc>, or this CSE's <CSEBaseAnnc> when its parent
    // is not announced (a subscription's); acpi NA (Table 9.6.9-2): its parent's govern it.
    {.type = kScheduleAnnc, .short_name = "m2m:schA", .long_name = "scheduleAnnc",
     .id_prefix = "schA", .parents = kUnderAnnouncedScheduleHolders, .has_acpi = false,
     .make_handler = makeAnnounced<kScheduleAnnc>},
};

// ty values are small (TS-0004 Table 6.3.4.2.1-1 stops below 100 for normal resources, and
// their announced variants add 10000); a direct-indexed array makes the lookup O(1) on the
// request path: slots 0..127 for the originals, 128..255 for 10000..10127.
constexpr size_t kMaxTy = 128;

std::optional<size_t> slotOf(uint16_t ty) {
  if (ty < kMaxTy) return ty;
  if (ty >= model::kAnnouncedTypeOffset && ty < model::kAnnouncedTypeOffset + kMaxTy) {
    return kMaxTy + (ty - model::kAnnouncedTypeOffset);
  }
  return std::nullopt;
}

const std::array<const TypeDescriptor*, 2 * kMaxTy>& byTy() {
  static const std::array<const TypeDescriptor*, 2 * kMaxTy> kByTy = [] {
    std::array<const TypeDescriptor*, 2 * kMaxTy> table{};
    for (const auto& descriptor : kDescriptors) {
      table[*slotOf(static_cast<uint16_t>(descriptor.type))] = &descriptor;
    }
    return table;
  }();
  return kByTy;
}

}  // namespace

std::span<const TypeDescriptor> builtinTypeDescriptors() { return kDescriptors; }

const TypeDescriptor* findDescriptor(uint16_t ty) {
  std::optional<size_t> slot = slotOf(ty);
  return slot ? byTy()[*slot] : nullptr;
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
