#pragma once
// Enumerations of the primitive model, TS-0004 §6.3.4.2.

#include <cstdint>
#include <optional>
#include <string_view>

namespace citadel::model {

// op (TS-0004 §6.3.4.2.5).
enum class Operation : uint8_t { kCreate = 1, kRetrieve = 2, kUpdate = 3, kDelete = 4, kNotify = 5 };

std::string_view operationName(Operation op);
std::optional<Operation> operationFromInt(int64_t value);

// ty (TS-0004 §6.3.4.2.1). Only the types this build implements are named; others are rejected.
enum class ResourceType : uint16_t {
  kAccessControlPolicy = 1,
  kAE = 2,
  kContainer = 3,
  kContentInstance = 4,
  kCSEBase = 5,
  kGroup = 9,
  kNode = 14,                              // TS-0001 §9.6.18
  kPollingChannel = 15,                    // TS-0001 §9.6.21
  kRemoteCSE = 16,                         // TS-0001 §9.6.4
  kRequest = 17,                           // TS-0001 §9.6.12
  kSchedule = 18,                          // TS-0001 §9.6.9
  kSubscription = 23,
  kRole = 31,                              // TS-0001 §9.6.38
  kToken = 32,                             // TS-0001 §9.6.39
  kDynamicAuthorizationConsultation = 34,  // TS-0001 §9.6.40
  kAuthorizationDecision = 35,             // TS-0001 §9.6.41 (a PDP's, TS-0003 §7.5.2)
  kAuthorizationPolicy = 36,               // TS-0001 §9.6.42 (a PRP's, TS-0003 §7.5.3)
  kAuthorizationInformation = 37,          // TS-0001 §9.6.43 (a PIP's, TS-0003 §7.5.4)
  // Announced variants (TS-0004 Table 6.3.4.2.1-1, TS-0001 §9.6.26): the original's ty + 10000.
  kAccessControlPolicyAnnc = 10001,
  kAEAnnc = 10002,
  kContainerAnnc = 10003,
  kContentInstanceAnnc = 10004,
  kCSEBaseAnnc = 10005,
  kGroupAnnc = 10009,
  kNodeAnnc = 10014,
  kScheduleAnnc = 10018,
  kRemoteCSEAnnc = 10016,
};

// The offset between a type and its announced variant (TS-0004 Table 6.3.4.2.1-1).
inline constexpr uint16_t kAnnouncedTypeOffset = 10000;

// True for the announced variants (10001..19999): created, updated and deleted only by the
// Hosting CSE of the original resource (TS-0004 §7.4.26).
constexpr bool isAnnouncedType(uint16_t ty) {
  return ty > kAnnouncedTypeOffset && ty < 2 * kAnnouncedTypeOffset;
}
constexpr bool isAnnouncedType(ResourceType type) {
  return isAnnouncedType(static_cast<uint16_t>(type));
}
// The announced variant of `original` (<AE> -> <AEAnnc>); whether this CSE implements it is the
// descriptor table's to say.
constexpr ResourceType announcedTypeOf(ResourceType original) {
  return static_cast<ResourceType>(static_cast<uint16_t>(original) + kAnnouncedTypeOffset);
}

// rcn (TS-0004 §6.3.4.2.17).
enum class ResultContent : uint8_t {
  kNothing = 0,
  kAttributes = 1,
  kHierarchicalAddress = 2,
  kHierarchicalAddressAndAttributes = 3,
  kAttributesAndChildResources = 4,
  kAttributesAndChildResourceReferences = 5,
  kChildResourceReferences = 6,
  kOriginalResource = 7,
  kChildResources = 8,
  kModifiedAttributes = 9,
  kSemanticContent = 10,
};

// drt (TS-0004 §6.3.4.2.18).
enum class DesiredIdResultType : uint8_t { kStructured = 1, kUnstructured = 2 };

// rt.rtv (TS-0004 §6.3.4.2.3).
enum class ResponseTypeValue : uint8_t {
  kNonBlockingRequestSynch = 1,
  kNonBlockingRequestAsynch = 2,
  kBlockingRequest = 3,
  kFlexBlocking = 4,
  kNoResponse = 5,
};

// acop bit mask (TS-0004 §6.3.4.2.6). DISCOVERY is a RETRIEVE with fc.fu = 1.
enum class AccessOperation : uint8_t {
  kCreate = 1,
  kRetrieve = 2,
  kUpdate = 4,
  kDelete = 8,
  kNotify = 16,
  kDiscovery = 32,
};

}  // namespace citadel::model
