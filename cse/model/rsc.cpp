#include "cse/model/rsc.h"

namespace citadel::model {

std::string_view rscName(Rsc rsc) {
  switch (rsc) {
    case Rsc::kAccepted: return "ACCEPTED";
    case Rsc::kAcceptedNonBlockingSynch: return "ACCEPTED_NON_BLOCKING_REQUEST_SYNCH";
    case Rsc::kAcceptedNonBlockingAsynch: return "ACCEPTED_NON_BLOCKING_REQUEST_ASYNCH";
    case Rsc::kOk: return "OK";
    case Rsc::kCreated: return "CREATED";
    case Rsc::kDeleted: return "DELETED";
    case Rsc::kUpdated: return "UPDATED";
    case Rsc::kBadRequest: return "BAD_REQUEST";
    case Rsc::kReleaseVersionNotSupported: return "RELEASE_VERSION_NOT_SUPPORTED";
    case Rsc::kNotFound: return "NOT_FOUND";
    case Rsc::kOperationNotAllowed: return "OPERATION_NOT_ALLOWED";
    case Rsc::kRequestTimeout: return "REQUEST_TIMEOUT";
    case Rsc::kUnsupportedMediaType: return "UNSUPPORTED_MEDIA_TYPE";
    case Rsc::kSubscriptionCreatorHasNoPrivilege: return "SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE";
    case Rsc::kContentsUnacceptable: return "CONTENTS_UNACCEPTABLE";
    case Rsc::kOriginatorHasNoPrivilege: return "ORIGINATOR_HAS_NO_PRIVILEGE";
    case Rsc::kGroupRequestIdentifierExists: return "GROUP_REQUEST_IDENTIFIER_EXISTS";
    case Rsc::kConflict: return "CONFLICT";
    case Rsc::kOriginatorNotAuthenticated: return "ORIGINATOR_NOT_AUTHENTICATED";
    case Rsc::kSecurityAssociationRequired: return "SECURITY_ASSOCIATION_REQUIRED";
    case Rsc::kInvalidChildResourceType: return "INVALID_CHILD_RESOURCE_TYPE";
    case Rsc::kNoMembers: return "NO_MEMBERS";
    case Rsc::kGroupMemberTypeInconsistent: return "GROUP_MEMBER_TYPE_INCONSISTENT";
    case Rsc::kEsprimUnsupportedOption: return "ESPRIM_UNSUPPORTED_OPTION";
    case Rsc::kEsprimUnknownKeyId: return "ESPRIM_UNKNOWN_KEY_ID";
    case Rsc::kEsprimUnknownOrigRandId: return "ESPRIM_UNKNOWN_ORIG_RAND_ID";
    case Rsc::kEsprimUnknownRecvRandId: return "ESPRIM_UNKNOWN_RECV_RAND_ID";
    case Rsc::kEsprimBadMac: return "ESPRIM_BAD_MAC";
    case Rsc::kEsprimImpersonationError: return "ESPRIM_IMPERSONATION_ERROR";
    case Rsc::kOriginatorHasAlreadyRegistered: return "ORIGINATOR_HAS_ALREADY_REGISTERED";
    case Rsc::kBlockingSubscriptionAlreadyExists: return "BLOCKING_SUBSCRIPTION_ALREADY_EXISTS";
    case Rsc::kOperationDeniedByRemoteEntity: return "OPERATION_DENIED_BY_REMOTE_ENTITY";
    case Rsc::kInternalServerError: return "INTERNAL_SERVER_ERROR";
    case Rsc::kNotImplemented: return "NOT_IMPLEMENTED";
    case Rsc::kTargetNotReachable: return "TARGET_NOT_REACHABLE";
    case Rsc::kReceiverHasNoPrivilege: return "RECEIVER_HAS_NO_PRIVILEGE";
    case Rsc::kAlreadyExists: return "ALREADY_EXISTS";
    case Rsc::kRemoteEntityNotReachable: return "REMOTE_ENTITY_NOT_REACHABLE";
    case Rsc::kTargetNotSubscribable: return "TARGET_NOT_SUBSCRIBABLE";
    case Rsc::kSubscriptionVerificationInitiationFailed:
      return "SUBSCRIPTION_VERIFICATION_INITIATION_FAILED";
    case Rsc::kSubscriptionHostHasNoPrivilege: return "SUBSCRIPTION_HOST_HAS_NO_PRIVILEGE";
    case Rsc::kNonBlockingSynchRequestNotSupported:
      return "NON_BLOCKING_SYNCH_REQUEST_NOT_SUPPORTED";
    case Rsc::kNotAcceptable: return "NOT_ACCEPTABLE";
    case Rsc::kGroupMembersNotResponded: return "GROUP_MEMBERS_NOT_RESPONDED";
    case Rsc::kEsprimDecryptionError: return "ESPRIM_DECRYPTION_ERROR";
    case Rsc::kEsprimEncryptionError: return "ESPRIM_ENCRYPTION_ERROR";
    case Rsc::kUnableToRecallRequest: return "UNABLE_TO_RECALL_REQUEST";
    case Rsc::kMaxNumberOfMemberExceeded: return "MAX_NUMBER_OF_MEMBER_EXCEEDED";
  }
  return "UNKNOWN";
}

}  // namespace citadel::model
