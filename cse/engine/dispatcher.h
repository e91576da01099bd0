#pragma once
// Executes authorized primitives against the resource tree: the generic procedures of
// TS-0004 §7.3 with the type handlers' hooks. One function per operation, each in its own file.

#include <atomic>

#include "cse/engine/discovery.h"
#include "cse/engine/notification/notification_uri_limits.h"
#include "cse/engine/resource_events.h"
#include "cse/engine/result_content.h"
#include "cse/engine/stripe_locks.h"
#include "cse/model/clock.h"
#include "cse/model/ports.h"
#include "cse/model/response.h"
#include "resources/cse_identity.h"
#include "security/pipeline.h"
#include "security/access_decider.h"
#include "security/authorization_services.h"

namespace citadel::security::esprim {
class RandObjectIssuer;
}
namespace citadel::security::escertke {
class EscertkeTerminator;
}

namespace citadel::engine {

class Announcer;
class DecisionPoint;
class InformationPoint;
class PolicyRetrievalPoint;
class NotificationTargets;
class RegistrationNotice;

struct EngineSettings {
  int64_t expiration_default_s = 31536000;
  int64_t expiration_max_s = 315360000;
  size_t max_child_results = 1000;  // cap on child lists in rcn 4/5/6/8 (cnst = PARTIAL beyond)
  size_t max_discovery_results = 10000;  // cap on one discovery answer (cnst = PARTIAL beyond)
  size_t max_response_bytes = 8 << 20;   // limits.maxResponseBytes: child lists and discovery
  size_t max_notification_uris = 64;     // limits.maxNotificationUris: nu entries
  size_t max_notification_uri_bytes = 16384;  // limits.maxNotificationUriBytes: nu, in all
  int64_t default_mni = 0;  // limits.defaultMni: mni of a new container that sets none (0: none)
  int64_t default_mbs = 0;  // limits.defaultMbs: mbs of a new container that sets none (0: none)
};

class Dispatcher {
 public:
  // `access` decides, per resource, which children and discovery results the originator may
  // see; it is the pipeline's AccessDecider and must outlive the dispatcher.
  Dispatcher(resources::ResourceRepository& repository, const resources::TypeRegistry& types,
             const resources::CseIdentity& identity, const model::Clock& clock,
             const security::AccessDecider& access, EngineSettings settings);

  // Executes the request. Accepts only the pipeline's output, so nothing reaches a resource
  // without passing it. Never throws; storage faults answer 5000. Thread-safe.
  model::Response dispatch(const security::AuthorizedRequest& request);
  // Receives every committed change (notifications). Optional; set before serving.
  void setEventListener(ResourceEventListener* listener) { listener_ = listener; }
  // Where a NOTIFY to an <AE> is re-targeted (TS-0001 §10.2.5.23): `targets` gives the AE's
  // poa, `sender` sends (the notification senders: their timeouts and broker rules apply).
  // Both must outlive the dispatcher; without them such a NOTIFY answers 5103. Set before
  // serving.
  void setNotifyRetargeting(const NotificationTargets* targets, model::PrimitiveSender* sender);
  // The ESPrim Receiver that answers m2m:seci NOTIFYs to the <CSEBase> (sit 3: a rand object).
  // Must outlive the dispatcher; without it such a NOTIFY answers 5001. Set before serving.
  void setEsprimIssuer(security::esprim::RandObjectIssuer* issuer) { esprim_issuer_ = issuer; }
  // The ESCertKE Terminating End-Point for m2m:seci sit 6 NOTIFYs to the <CSEBase>. Must outlive
  // the dispatcher; without it such a NOTIFY answers 5001. Set before serving.
  void setEscertke(security::escertke::EscertkeTerminator* escertke) { escertke_ = escertke; }
  // Where an AE's AuthorSigns (m2m:seci sit 7 NOTIFY to the <CSEBase>, TS-0004 §7.5.1.2.14) go:
  // the DAS-issued tokens and the DAS sender of these services. Must outlive the dispatcher;
  // without it such a NOTIFY answers 5001. Set before serving.
  void setRelationshipMapping(const security::AuthorizationServices* services) {
    relationship_services_ = services;
  }
  // Announces the announceable resources whose at/aa ask for it (announcement/announcer.h).
  // Must outlive the dispatcher; without it at and aa are stored and nothing is announced. Set
  // before serving.
  void setAnnouncer(Announcer* announcer) { announcer_ = announcer; }
  // The PDP procedure bound to the <authorizationDecision> resources (authorization/
  // decision_point.h). Optional (without it they are ordinary resources); must outlive the
  // dispatcher; set before serving.
  void setDecisionPoint(const DecisionPoint* point) { decision_point_ = point; }
  // The PRP procedure bound to the <authorizationPolicy> resources (authorization/
  // policy_retrieval_point.h); the same terms.
  void setPolicyRetrievalPoint(const PolicyRetrievalPoint* point) { policy_point_ = point; }
  // The PIP procedure bound to the <authorizationInformation> resources (authorization/
  // information_point.h); the same terms.
  void setInformationPoint(const InformationPoint* point) { information_point_ = point; }
  // Tells the CSE a deleted <remoteCSE> represents (registration_notice.h). Optional; must
  // outlive the dispatcher; set before serving.
  void setRegistrationNotice(RegistrationNotice* notice) { registration_notice_ = notice; }
  // The per-resource locks, for other writers of resource records (the notification service's
  // exc and statistics updates) so that they serialise with UPDATE and DELETE.
  StripeLocks& locks() { return locks_; }

 private:
  model::Result<model::Response> create(const security::AuthorizedRequest& request);
  model::Result<model::Response> retrieve(const security::AuthorizedRequest& request);
  model::Result<model::Response> update(const security::AuthorizedRequest& request);
  model::Result<model::Response> remove(const security::AuthorizedRequest& request);
  // Whether an UPDATE of `type` with `changes` is a request to a bound PDP, PRP or PIP procedure
  // (authorization_update.cpp), which answerAuthorizationRequest then runs.
  bool isAuthorizationRequest(model::ResourceType type, const model::Json& changes) const;
  model::Result<model::Response> answerAuthorizationRequest(
      const security::AuthorizedRequest& request, const model::Json& changes,
      model::ResultContent rcn);
  // NOTIFY: re-targeted for an <AE>, content checked for the <CSEBase> (notify_operation.cpp).
  model::Result<model::Response> notify(const security::AuthorizedRequest& request);
  model::Result<model::Response> retargetNotify(const security::AuthorizedRequest& request);
  model::Result<model::Response> answerEscertke(const model::Json& content,
                                                const std::string& originator);
  model::Result<model::Response> discover(const security::AuthorizedRequest& request,
                                          const FilterCriteria& filter);

  // The checked attributes of a CREATE/UPDATE `pc`: {"<root>": {...}} with the handler's root.
  model::Result<const model::Json*> attributesOf(const model::Request& request,
                                                 const resources::TypeHandler& handler) const;
  // The expirationTime to store for a requested `et` (or none): past -> 4000, too late ->
  // clamped to expiration.max (TS-0004 §7.3.2.x "the Hosting CSE may modify it").
  model::Result<std::string> expirationFor(const model::Json* requested) const;
  // limits.maxNotificationUris / maxNotificationUriBytes, for checkNotificationUris.
  NotificationUriLimits notificationUriLimits() const {
    return {settings_.max_notification_uris, settings_.max_notification_uri_bytes};
  }
  // limits.defaultMni / defaultMbs into the attributes of a new <container> that sets neither
  // (TS-0001 §9.6.6: the Hosting CSE may set maxNrOfInstances and maxByteSize).
  void applyDefaultQuotas(model::Json& attributes) const;
  static void logListenerFailure(const char* what);
  // Runs a listener callback after a commit: the write is acknowledged whatever the listener
  // does, so a failure there is logged, never turned into an error response.
  template <typename Fn>
  void notifyListener(Fn&& fn) noexcept;
  // RETRIEVE privilege of the request's originator on `resource` (child lists of rcn 4-8); an
  // instance of a container with disableRetrieval is never retrievable.
  bool mayRetrieve(const security::AuthorizedRequest& request,
                   const resources::Resource& resource) const;
  // The same decision with the attributes it covers (acr.aca), for child representations.
  security::AccessDecision retrieveDecision(const security::AuthorizedRequest& request,
                                            const resources::Resource& resource) const;
  // Whether `instance` (a <contentInstance>) sits in a container with disableRetrieval set (or
  // one that cannot be read: fail closed).
  bool instancesDisabled(const security::AuthorizedRequest& request,
                         const resources::Resource& instance) const;
  // Stages the deletion of `root` and its whole subtree into `batch`; `removed` receives them,
  // root first.
  model::Status stageSubtreeRemoval(const resources::Resource& root, storage::WriteBatch& batch,
                                    std::vector<resources::Resource>* removed);

  resources::ResourceRepository& repository_;
  const resources::TypeRegistry& types_;
  const resources::CseIdentity& identity_;
  const model::Clock& clock_;
  EngineSettings settings_;
  ResultContentBuilder content_;
  StripeLocks locks_;
  Discovery discovery_;
  ResourceEventListener* listener_ = nullptr;
  const security::AccessDecider& access_;
  const NotificationTargets* retarget_targets_ = nullptr;
  model::PrimitiveSender* retarget_sender_ = nullptr;
  security::esprim::RandObjectIssuer* esprim_issuer_ = nullptr;
  security::escertke::EscertkeTerminator* escertke_ = nullptr;
  const security::AuthorizationServices* relationship_services_ = nullptr;
  Announcer* announcer_ = nullptr;
  const DecisionPoint* decision_point_ = nullptr;
  const PolicyRetrievalPoint* policy_point_ = nullptr;
  const InformationPoint* information_point_ = nullptr;
  RegistrationNotice* registration_notice_ = nullptr;
};

template <typename Fn>
void Dispatcher::notifyListener(Fn&& fn) noexcept {
  if (listener_ == nullptr) {
    return;
  }
  try {
    fn(*listener_);
  } catch (const std::exception& e) {
    logListenerFailure(e.what());
  }
}

}  // namespace citadel::engine
