#pragma once
// Response Status Codes (rsc), TS-0004 §6.6.3. Names follow the spec's constants.

#include <cstdint>
#include <string_view>

namespace citadel::model {

enum class Rsc : uint16_t {
  kAccepted = 1000,
  kAcceptedNonBlockingSynch = 1001,
  kAcceptedNonBlockingAsynch = 1002,
  kOk = 2000,
  kCreated = 2001,
  kDeleted = 2002,
  kUpdated = 2004,
  kBadRequest = 4000,
  kReleaseVersionNotSupported = 4001,
  kNotFound = 4004,
  kOperationNotAllowed = 4005,
  kRequestTimeout = 4008,
  kUnsupportedMediaType = 4015,
  kSubscriptionCreatorHasNoPrivilege = 4101,
  kContentsUnacceptable = 4102,
  kOriginatorHasNoPrivilege = 4103,
  kGroupRequestIdentifierExists = 4104,
  kConflict = 4105,
  kOriginatorNotAuthenticated = 4106,
  kSecurityAssociationRequired = 4107,
  kInvalidChildResourceType = 4108,
  kNoMembers = 4109,
  kGroupMemberTypeInconsistent = 4110,
  kEsprimUnsupportedOption = 4111,
  kEsprimUnknownKeyId = 4112,
  kEsprimUnknownOrigRandId = 4113,
  kEsprimUnknownRecvRandId = 4114,
  kEsprimBadMac = 4115,
  kEsprimImpersonationError = 4116,
  kOriginatorHasAlreadyRegistered = 4117,
  kBlockingSubscriptionAlreadyExists = 4124,
  kOperationDeniedByRemoteEntity = 4127,
  kInternalServerError = 5000,
  kNotImplemented = 5001,
  kTargetNotReachable = 5103,
  kReceiverHasNoPrivilege = 5105,
  kAlreadyExists = 5106,
  kRemoteEntityNotReachable = 5107,
  kTargetNotSubscribable = 5203,
  kSubscriptionVerificationInitiationFailed = 5204,
  kSubscriptionHostHasNoPrivilege = 5205,
  kNonBlockingSynchRequestNotSupported = 5206,
  kNotAcceptable = 5207,
  kGroupMembersNotResponded = 5209,
  kEsprimDecryptionError = 5210,
  kEsprimEncryptionError = 5211,
  kUnableToRecallRequest = 5220,
  kMaxNumberOfMemberExceeded = 6010,
};

// The spec's constant name for `rsc` ("NOT_FOUND"); "UNKNOWN" for values not listed above.
std::string_view rscName(Rsc rsc);

// True for 1xxx and 2xxx codes.
constexpr bool isSuccess(Rsc rsc) { return static_cast<uint16_t>(rsc) < 4000; }

}  // namespace citadel::model
