// NOTIFY to a resource of this CSE, TS-0004 §7.3.3.9: to an <AE> it is re-targeted to the AE's
// pointOfAccess (§7.3.3.9.1, TS-0001 §10.2.5.23); to the <CSEBase> its content must be a
// notification (m2m:sgn) or security information (m2m:seci), §7.3.3.9.2 and §7.5.1.
#include "cse/engine/announcement/announcer.h"
#include "cse/engine/dispatcher.h"
#include "cse/engine/notification/notification_targets.h"
#include "cse/model/log.h"
#include "cse/random/random_id.h"
#include "security/escertke/escertke_initiator.h"
#include "security/escertke/escertke_terminator.h"
#include "security/esprim/security_info_request.h"
#include "security/relationship_mapping.h"

namespace citadel::engine {

using model::Json;
using model::Response;
using model::Result;
using model::Status;

namespace {

Status notSupported() {
  return Status(model::Rsc::kNotImplemented,
                "NOTIFY to this type of resource is not supported: address an <AE> (re-targeted "
                "to its poa), an <AEAnnc> (sent on to the original <AE>) or the <CSEBase>",
                "notify.unsupported");
}

}  // namespace

void Dispatcher::setNotifyRetargeting(const NotificationTargets* targets,
                                      model::PrimitiveSender* sender) {
  retarget_targets_ = targets;
  retarget_sender_ = sender;
}

Result<Response> Dispatcher::notify(const security::AuthorizedRequest& authorized) {
  const model::Request& request = authorized.request();
  const resources::Resource& target = authorized.target().resource();
  if (authorized.target().virtual_resource != resources::VirtualResource::kNone) {
    return notSupported();
  }
  if (target.type() == model::ResourceType::kAE) {
    return retargetNotify(authorized);
  }
  if (target.type() == model::ResourceType::kAEAnnc && announcer_ != nullptr) {
    // TS-0001 §10.2.13.12: to the original <AE>, whose Hosting CSE re-targets it to the AE.
    Response answer = announcer_->toOriginal(target, request, authorized.originator());
    answer.request_id = request.request_id;
    return answer;
  }
  if (target.type() != model::ResourceType::kCSEBase) {
    return notSupported();
  }
  const Json& content = request.content;
  bool notification = content.is_object() && content.size() == 1 &&
                      (content.contains("m2m:sgn") || content.contains("m2m:seci"));
  if (!notification) {
    return Status::badRequest(
        "a NOTIFY to the <CSEBase> carries a notification (m2m:sgn) or security information "
        "(m2m:seci) as its content (TS-0004 §7.3.3.9.2, §7.5.1)",
        "notify.cse_base_content");
  }
  if (content.contains("m2m:seci")) {
    // Security information for this CSE as a Receiver (TS-0004 §7.5.1.2.11): the NOTIFY has
    // passed the pipeline, so the originator holds NOTIFY privilege on the <CSEBase>.
    // The rand object is bound to the originator in local form, the form in which the
    // EsprimUnwrapStage looks it up for the identity of a pairwise key.
    const Json& seci = content["m2m:seci"];
    if (escertke_ != nullptr && seci.is_object() && seci.contains("sit") &&
        seci["sit"].is_number_integer() && seci["sit"].get<int64_t>() == 6) {
      return answerEscertke(content, authorized.originator());
    }
    if (relationship_services_ != nullptr && seci.is_object() && seci.contains("sit") &&
        seci["sit"].is_number_integer() &&
        seci["sit"].get<int64_t>() == security::kSitRelationshipMappingRequest) {
      // The AE's AuthorSigns for the tokens a DAS issued to it (TS-0004 §7.5.1.2.14).
      return security::forwardAuthorSigns(*relationship_services_, identity_, seci,
                                          authorized.originator(), clock_.now());
    }
    return security::esprim::answerSecurityInfo(seci, authorized.originator(), esprim_issuer_);
  }
  return notSupported();
}

Result<Response> Dispatcher::answerEscertke(const Json& content, const std::string& originator) {
  // TS-0004 §7.5.1.2.12: the answer carries the next ESCertKE Message as sit 6 too.
  CITADEL_ASSIGN_OR_RETURN(std::string message,
                           security::escertke::escertkeMessageOf(content));
  CITADEL_ASSIGN_OR_RETURN(std::string reply, escertke_->step(originator, message));
  Response response;
  response.status_code = model::Rsc::kOk;
  response.content = security::escertke::escertkeContent(reply);
  return response;
}

Result<Response> Dispatcher::retargetNotify(const security::AuthorizedRequest& authorized) {
  // The pipeline has decided the originator's NOTIFY privilege on the <AE> (TS-0001
  // §10.2.5.23: "If the Hosting CSE verifies access control privilege of the Originator").
  const model::Request& request = authorized.request();
  const resources::Resource& ae = authorized.target().resource();
  std::string aei = ae.attributes.value("aei", ae.ri());
  std::vector<ResolvedTarget> targets;
  if (retarget_targets_ != nullptr && retarget_sender_ != nullptr) {
    targets = retarget_targets_->pointsOfAccess(aei);
  }
  if (targets.empty()) {
    // TS-0004 §7.3.3.9.1 step 1: no available pointOfAccess -> TARGET_NOT_REACHABLE.
    return Status(model::Rsc::kTargetNotReachable,
                  "the <AE> has no point of access to re-target the NOTIFY to (poa with a URL "
                  "and requestReachability true)",
                  "notify.no_poa");
  }
  model::Request forward;
  forward.operation = model::Operation::kNotify;
  forward.to = aei;
  forward.originator = request.originator;
  // A fresh unguessable rqi: the senders match the AE's answer by it (the originator's own
  // rqi is restored on the way back).
  forward.request_id = random::unguessableId("rtg-");
  forward.release_version_indicator = request.release_version_indicator;
  forward.event_category = request.event_category;
  forward.originating_timestamp = request.originating_timestamp;
  forward.request_expiration_timestamp = request.request_expiration_timestamp;
  forward.content = request.content;
  // TS-0004 §7.3.2.6: no rvi towards a Release 1 entity, and only what Release 1 defines.
  targets.front().adapt(forward);
  // TS-0004 §7.3.3.9.1 steps 2-4: the first address, the next while forwarding fails with
  // TARGET_NOT_REACHABLE, and TARGET_NOT_REACHABLE when none took it.
  Response answer;
  for (const ResolvedTarget& target : targets) {
    answer = retarget_sender_->send(target.url, forward);
    if (answer.status_code != model::Rsc::kTargetNotReachable) break;
  }
  LOG_DEBUG("NOTIFY rqi=" << model::logSafe(request.request_id) << " re-targeted to AE "
                          << model::logSafe(aei) << ": rsc "
                          << static_cast<int>(answer.status_code));
  answer.request_id = request.request_id;
  return answer;
}

}  // namespace citadel::engine
