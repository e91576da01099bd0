#pragma once
// The one assembly of a Citadel CSE: builds, in order, everything from the store to the request
// processor, the notifications, the bindings and the expiry reaper, and stops them in reverse.
// cse/main.cpp runs it from the configuration; the engine's in-process test fixture builds the same
// object on a MemoryStore, a fake clock and a recording sender (no second wiring).

#include <memory>
#include <optional>
#include <vector>

#include "cse/engine/announcement/announcer.h"
#include "cse/engine/authorization/decision_point.h"
#include "cse/engine/authorization/information_point.h"
#include "cse/engine/authorization/policy_retrieval_point.h"
#include "cse/engine/config.h"
#include "cse/engine/cse_registration.h"
#include "cse/engine/dispatcher.h"
#include "cse/engine/expiry_reaper.h"
#include "cse/engine/forwarding/resource_sender.h"
#include "cse/engine/non_blocking_requests.h"
#include "cse/engine/notification/notification_service.h"
#include "cse/engine/notification/notification_targets.h"
#include "cse/engine/polling/polling_channel_sender.h"
#include "cse/engine/polling/polling_channels.h"
#include "cse/engine/polling/registrar_poller.h"
#include "cse/engine/registration_notice.h"
#include "cse/engine/request_processor.h"
#include "cse/engine/upper_tester.h"
#include "cse/model/clock.h"
#include "cse/model/ports.h"
#include "resources/resource_repository.h"
#include "resources/resource_resolver.h"
#include "resources/type_registry.h"
#include "resources/types/cse_base.h"
#include "security/access_decider.h"
#include "security/authorization_services.h"
#include "security/escertke/escertke_terminator.h"
#include "security/mef_client/target_key_directory.h"
#include "security/esprim/established_key_store.h"
#include "security/esprim/pairwise_key_store.h"
#include "security/esprim/rand_object_issuer.h"
#include "security/originator_locations.h"
#include "security/pipeline.h"
#include "security/primitive_check_stage.h"
#include "storage/store.h"

namespace citadel::app {

class BindingEndpoints;
class ConfiguredAuthorization;
class OutboundSenders;
struct TransportSecurity;

// What the assembly takes from its caller instead of building it from the configuration. The
// defaults are production: every pointer null, everything started.
struct CseEnvironment {
  // The store of the tree; must outlive the Cse. nullptr: RocksDB at storage.path.
  storage::Store* store = nullptr;
  // The time; must outlive the Cse. nullptr: the system clock.
  const model::Clock* clock = nullptr;
  // Where notifications leave; must outlive the Cse. nullptr: the bindings' senders, chosen by the
  // target's scheme (http, coap, mqtt).
  model::PrimitiveSender* notification_sender = nullptr;
  // Tokens, roles and DAS consultation; must outlive the Cse, and may be filled in after start (a
  // TokenVerifier needs the clock). nullptr: built from token.issuers, role.issuers, das.timeout
  // and das.default.
  const security::AuthorizationServices* authorization = nullptr;
  // Notification tuning beyond the notification.* keys (tests shorten timers and retries).
  std::optional<engine::NotificationOptions> notification_options;
  // false: the reaper is built but not started; call reaper().runOnce().
  bool start_expiry_reaper = true;
};

class Cse {
 public:
  // Builds and starts every part in order (the steps and their reasons: cse.cpp). Errors: the first
  // failing step's Status, naming what to fix (a locked store, an unreadable file, a port in use);
  // whatever was started is stopped again.
  static model::Result<std::unique_ptr<Cse>> start(const engine::Config& config,
                                                   CseEnvironment environment = {});
  ~Cse();  // stop()
  Cse(const Cse&) = delete;
  Cse& operator=(const Cse&) = delete;

  // Stops in reverse order of start: registration, bindings, reaper, notifications. Idempotent; not from a
  // handler thread.
  void stop();

  // The port every binding hands its primitives to (the request processor). Thread-safe.
  model::PrimitiveHandler& handler();
  // The points of access of the started endpoints, as in the CSEBase poa.
  const std::vector<std::string>& pointsOfAccess() const { return points_of_access_; }
  // The bound plain-HTTP port (0 when http.enabled is false).
  uint16_t httpPort() const { return http_port_; }

  const resources::CseIdentity& identity() const { return identity_; }
  resources::ResourceRepository& repository() { return *repository_; }
  engine::Dispatcher& dispatcher() { return *dispatcher_; }
  engine::NotificationService& notifications() { return *notifications_; }
  engine::ExpiryReaper& reaper() { return *reaper_; }
  // The registration with registrar.url; nullptr when none is configured.
  engine::CseRegistration* registration() { return registration_.get(); }

 private:
  Cse(const engine::Config& config, CseEnvironment environment);
  model::Status openStore();
  model::Status buildEngine();
  model::Status buildEsprim();
  model::Status buildEscertke();  // esprim.certKe
  model::Status startNotifications();
  model::Status startBindings();
  model::Status bootstrap();
  void startReaper();
  model::Status startRegistration();

  // Members in the order the steps build them; stop() and the destructor undo it in reverse.
  const engine::Config config_;
  CseEnvironment environment_;
  resources::CseIdentity identity_;
  model::SystemClock system_clock_;
  const model::Clock* clock_;
  std::unique_ptr<storage::Store> owned_store_;
  storage::Store* store_ = nullptr;
  std::unique_ptr<resources::ResourceRepository> repository_;
  std::unique_ptr<resources::ResourceResolver> resolver_;
  std::unique_ptr<resources::CseRoutes> routes_;  // forwarding (TS-0004 §7.3.2.6)
  resources::TypeRegistry types_;
  std::optional<security::OriginatorLocations> locations_;
  std::unique_ptr<OutboundSenders> outbound_;
  std::unique_ptr<ConfiguredAuthorization> authorization_;
  security::PrimitiveCheckSettings primitive_checks_;
  std::optional<security::esprim::PairwiseKeyStore> esprim_keys_;
  std::unique_ptr<security::esprim::RandObjectIssuer> esprim_issuer_;
  std::unique_ptr<security::esprim::EstablishedKeyStore> esprim_established_;
  std::unique_ptr<security::escertke::EscertkeTerminator> escertke_;
  std::unique_ptr<security::mef::TargetKeyDirectory> esprim_enrolled_;  // SUID 23, from the MEF
  std::unique_ptr<security::mef::TargetKeyDirectory> esprim_maf_;  // SUID 33, from the MAF
  std::unique_ptr<security::EsprimReceiverServices> esprim_services_;
  std::unique_ptr<security::SecurityDependencies> security_;
  std::unique_ptr<security::AccessDecider> access_;
  std::unique_ptr<security::Pipeline> pipeline_;
  std::unique_ptr<engine::Dispatcher> dispatcher_;
  std::unique_ptr<engine::RequestForwarder> forwarder_;
  std::unique_ptr<engine::Announcer> announcer_;
  std::unique_ptr<engine::PolicyMap> policy_map_;               // authorization.policies
  std::unique_ptr<engine::ServedRequesters> served_requesters_;  // authorization.requesters
  std::unique_ptr<engine::DecisionPoint> decision_point_;       // authorization.pdp
  std::unique_ptr<engine::PolicyRetrievalPoint> policy_point_;  // authorization.prp
  std::unique_ptr<engine::InformationPoint> information_point_;  // authorization.pip
  std::unique_ptr<engine::ResourceSender> decision_sender_;  // to remote PDPs
  std::unique_ptr<engine::RegistrationNotice> registration_notice_;
  std::unique_ptr<engine::PollingChannels> polling_;
  std::unique_ptr<engine::PollingChannelSender> polling_sender_;
  std::unique_ptr<engine::RequestProcessor> processor_;
  std::unique_ptr<engine::NotificationService> notifications_;
  std::unique_ptr<engine::NotificationTargets> retarget_targets_;  // NOTIFY to an <AE>: its poa
  std::unique_ptr<engine::NonBlockingRequests> non_blocking_;      // rt 1/2 (uses the above)
  std::unique_ptr<engine::UpperTester> upper_tester_;
  std::unique_ptr<TransportSecurity> transport_security_;
  std::unique_ptr<BindingEndpoints> endpoints_;
  std::vector<std::string> points_of_access_;
  uint16_t http_port_ = 0;
  resources::CseBaseSettings cse_base_;
  std::unique_ptr<engine::ExpiryReaper> reaper_;
  std::unique_ptr<engine::CseRegistration> registration_;
  std::unique_ptr<engine::RegistrarPoller> registrar_poller_;
  bool stopped_ = false;
};

}  // namespace citadel::app
