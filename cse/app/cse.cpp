#include "cse/app/cse.h"

#include <algorithm>
#include <iostream>

#include "cse/app/binding_endpoints.h"
#include "cse/app/configured_authorization.h"
#include "cse/app/certificate_enrolment.h"
#include "cse/app/maf_target.h"
#include "cse/app/enrolment_target.h"
#include "cse/app/outbound_senders.h"
#include "cse/app/secret_files.h"
#include "cse/engine/cse_bootstrap.h"
#include "resources/types/subscription.h"
#include "security/default_pipeline.h"
#include "security/esprim/esprim_object.h"
#include "storage/rocksdb/rocksdb_store.h"

namespace citadel::app {
namespace {

security::PlainCse plainCse(const std::string& value) {
  if (value == "any") return security::PlainCse::kAny;
  return value == "loopback" ? security::PlainCse::kLoopback : security::PlainCse::kOff;
}

}  // namespace

model::Result<std::unique_ptr<Cse>> Cse::start(const engine::Config& config,
                                               CseEnvironment environment) {
  // 0. This CSE's own certificate by EST when configured and missing (before anything reads it).
  CITADEL_RETURN_IF_ERROR(enrolOwnCertificate(config));
  //    Secrets first: a key others may read stops the start-up before anything uses it, and
  //    mqtt.passwordFile becomes the password the MQTT clients send.
  CITADEL_ASSIGN_OR_RETURN(engine::Config effective, withSecretFiles(config));
  std::unique_ptr<Cse> cse(new Cse(effective, std::move(environment)));
  // On an error `cse` is destroyed on the way out, which stops whatever the steps started.
  // 1. Storage first: a locked or unreadable database ends the start-up with one clear line.
  CITADEL_RETURN_IF_ERROR(cse->openStore());
  // 2. The request path: types, the security pipeline and its access decider, the dispatcher, the
  //    processor. Provisioning files (locations, token issuers) are read here.
  CITADEL_RETURN_IF_ERROR(cse->buildEngine());
  // 3. Notifications before the bindings: a request served as soon as a binding listens may commit
  //    a change that must notify.
  CITADEL_RETURN_IF_ERROR(cse->startNotifications());
  // 4. The bindings bind before the CSEBase is written, so that its poa holds the ports actually
  //    bound (a port may be 0).
  CITADEL_RETURN_IF_ERROR(cse->startBindings());
  // 5. The CSEBase: created on a new store, refreshed (poa, srt) otherwise.
  CITADEL_RETURN_IF_ERROR(cse->bootstrap());
  // 6. Expiry last, so that its first pass sees a complete tree.
  cse->startReaper();
  // 7. Registration with the Registrar (registrar.url) runs in the background: a Registrar that
  //    is down delays nothing here, and its own requests need the bindings and the CSEBase.
  CITADEL_RETURN_IF_ERROR(cse->startRegistration());
  return cse;
}

Cse::Cse(const engine::Config& config, CseEnvironment environment)
    : config_(config),
      environment_(std::move(environment)),
      identity_{"/" + config.cse_id, config.cse_name, config.sp_id, config.admin},
      clock_(environment_.clock != nullptr ? environment_.clock : &system_clock_) {}

Cse::~Cse() { stop(); }

void Cse::stop() {
  if (stopped_) return;
  stopped_ = true;
  // Reverse order: no registration attempt, no new primitive arrives, then no expiry, then no
  // notification leaves.
  if (registration_) registration_->stop();
  if (registrar_poller_) registrar_poller_->stop();
  // Long polls and requests waiting in polling channels end now: a binding's worker that holds
  // a poll would otherwise keep its stop waiting.
  if (polling_) polling_->close();
  if (endpoints_) endpoints_->stop();
  // Accepted non-blocking requests still queued become FAILED; none runs after this.
  if (non_blocking_) non_blocking_->stop();
  if (reaper_) reaper_->stop();
  if (notifications_) notifications_->stop();
}

model::PrimitiveHandler& Cse::handler() { return *processor_; }

model::Status Cse::openStore() {
  store_ = environment_.store;
  if (store_ == nullptr) {
    storage::RocksDbOptions options{config_.storage_path, config_.storage_sync};
    CITADEL_ASSIGN_OR_RETURN(owned_store_, storage::RocksDbStore::open(options));
    store_ = owned_store_.get();
  }
  repository_ = std::make_unique<resources::ResourceRepository>(*store_);
  resolver_ = std::make_unique<resources::ResourceResolver>(*repository_, identity_);
  return {};
}

model::Status Cse::buildEngine() {
  resources::registerBuiltinTypes(types_, identity_);
  // The <subscription> handler fills in the operator's default bn.dur (TS-0004 §7.4.8.2.1).
  types_.add(std::make_unique<resources::SubscriptionType>(
      std::chrono::seconds(config_.notification_batch_duration_s)));
  // Retained originator locations for aclr rules (TS-0003 Annex F), provisioned by the operator.
  if (!config_.acp_locations.empty()) {
    CITADEL_ASSIGN_OR_RETURN(locations_,
                             security::OriginatorLocations::load(config_.acp_locations));
  }
  // Forwarding: routes from the <remoteCSE> records, and the Registrar as the fall-back of an
  // MN/ASN that registers with one (an IN-CSE has none: TS-0004 §7.3.2.6).
  routes_ = std::make_unique<resources::CseRoutes>(
      *repository_, identity_,
      config_.cse_type == "IN" || config_.registrar_url.empty()
          ? std::string()
          : "/" + config_.registrar_cse_id);
  outbound_ = std::make_unique<OutboundSenders>(config_);
  // PDP consultations go to an <authorizationDecision> on another CSE along the same routes.
  decision_sender_ =
      std::make_unique<engine::ResourceSender>(*routes_, outbound_->das(), identity_);
  const security::AuthorizationServices* authorization = environment_.authorization;
  if (authorization == nullptr) {
    CITADEL_ASSIGN_OR_RETURN(authorization_,
                             ConfiguredAuthorization::build(config_, *clock_, outbound_->das(),
                                                            *decision_sender_));
    authorization = &authorization_->services();
  }
  CITADEL_RETURN_IF_ERROR(buildEsprim());
  security_ = std::make_unique<security::SecurityDependencies>(security::SecurityDependencies{
      *repository_, *resolver_, identity_, types_, *clock_, locations_ ? &*locations_ : nullptr,
      authorization, &primitive_checks_,
      config_.admin_from == "any" ? security::AdminOrigin::kAnywhere
                                  : security::AdminOrigin::kLoopbackOrProven,
      esprim_services_.get(), plainCse(config_.plain_cse), routes_.get()});
  access_ = std::make_unique<security::AccessDecider>(*security_);
  pipeline_ = security::makeDefaultPipeline(*security_, *access_);
  engine::EngineSettings settings;
  settings.expiration_default_s = config_.expiration_default_s;
  settings.expiration_max_s = config_.expiration_max_s;
  settings.max_response_bytes = static_cast<size_t>(config_.max_response_bytes);
  settings.max_notification_uris = static_cast<size_t>(config_.max_notification_uris);
  settings.max_notification_uri_bytes = static_cast<size_t>(config_.max_notification_uri_bytes);
  settings.default_mni = config_.default_mni;
  settings.default_mbs = config_.default_mbs;
  dispatcher_ = std::make_unique<engine::Dispatcher>(*repository_, types_, identity_, *clock_,
                                                     *access_, settings);
  dispatcher_->setEsprimIssuer(esprim_issuer_.get());
  dispatcher_->setEscertke(escertke_.get());
  dispatcher_->setRelationshipMapping(authorization);
  // Distributed authorization (TS-0003 §7.5): this CSE as PDP and/or PRP.
  CITADEL_RETURN_IF_ERROR(engine::PolicyMap::check(config_.authorization_policies));
  policy_map_ = std::make_unique<engine::PolicyMap>(config_.authorization_policies, identity_);
  served_requesters_ =
      std::make_unique<engine::ServedRequesters>(config_.authorization_requesters);
  if (config_.authorization_pdp) {
    decision_point_ = std::make_unique<engine::DecisionPoint>(
        *policy_map_, *served_requesters_, config_.authorization_policy_sources, *repository_,
        *resolver_, identity_, *clock_, authorization);
    dispatcher_->setDecisionPoint(decision_point_.get());
  }
  if (config_.authorization_prp) {
    policy_point_ = std::make_unique<engine::PolicyRetrievalPoint>(
        *policy_map_, *served_requesters_, *resolver_);
    dispatcher_->setPolicyRetrievalPoint(policy_point_.get());
  }
  if (config_.authorization_pip) {
    information_point_ = std::make_unique<engine::InformationPoint>(*served_requesters_,
                                                                    *repository_, identity_);
    dispatcher_->setInformationPoint(information_point_.get());
  }
  processor_ = std::make_unique<engine::RequestProcessor>(
      *pipeline_, *dispatcher_, *clock_, *resolver_,
      static_cast<size_t>(config_.max_response_bytes));
  forwarder_ = std::make_unique<engine::RequestForwarder>(outbound_->notifications(), identity_,
                                                          *clock_);
  processor_->setForwarder(forwarder_.get());
  // What it announces leaves through the processor (the pipeline, then the forwarder).
  announcer_ = std::make_unique<engine::Announcer>(*repository_, identity_, *processor_,
                                                   dispatcher_->locks());
  dispatcher_->setAnnouncer(announcer_.get());
  registration_notice_ =
      std::make_unique<engine::RegistrationNotice>(identity_, outbound_->notifications());
  dispatcher_->setRegistrationNotice(registration_notice_.get());
  // Request-unreachable entities (TS-0001 §10.2.5.17-.19): what is sent to them waits in their
  // <pollingChannel> for as long as a notification waits for any peer (notification.timeout);
  // a long poll waits at most 30 s (its rqet, when earlier).
  polling_ = std::make_unique<engine::PollingChannels>();
  polling_sender_ = std::make_unique<engine::PollingChannelSender>(
      *polling_, *repository_, std::chrono::milliseconds(config_.notification_timeout_ms));
  outbound_->addPollingChannels(polling_sender_.get());
  processor_->setPollingChannels(polling_.get(), std::chrono::seconds(30));
  return {};
}

model::Status Cse::buildEsprim() {
  if (!config_.esprim_enabled) return {};
  // The pairwise keys are read (and their file's 0600 checked) now, so that a bad key file
  // stops the start-up; the EsprimUnwrapStage (pipeline step 2) uses them.
  std::string path = config_.esprim_key_file.empty() ? config_.storage_path + "/esprim.keys"
                                                     : config_.esprim_key_file;
  CITADEL_ASSIGN_OR_RETURN(esprim_keys_, security::esprim::PairwiseKeyStore::load(path));
  std::cout << "ESPrim: " << esprim_keys_->size() << " pairwise key(s) from " << path
            << std::endl;
  security::esprim::RandObjectSettings settings;
  settings.lifetime = std::chrono::seconds(config_.esprim_rand_lifetime_s);
  settings.capacity = static_cast<size_t>(config_.esprim_rand_objects);
  settings.per_originator = static_cast<size_t>(config_.esprim_rand_objects_per_originator);
  if (config_.esprim_shared_rand_lifetime_s > 0) {
    settings.shared_lifetime = std::chrono::seconds(config_.esprim_shared_rand_lifetime_s);
  }
  settings.certificate_keys = config_.esprim_cert_ke;
  settings.enrolled_keys =
      !config_.enrolment_mef.empty() && !config_.enrolment_credential_file.empty();
  settings.maf_keys = !config_.maf_address.empty();
  esprim_issuer_ = std::make_unique<security::esprim::RandObjectIssuer>(*clock_, settings);
  // The decrypted inner primitive gets the limits of a binding's body, and never more than an
  // ESPrim object may hold.
  codec::ParseLimits inner_limits;
  inner_limits.max_bytes = std::min<size_t>(static_cast<size_t>(config_.max_request_bytes),
                                            security::esprim::kMaxObjectBytes);
  esprim_services_ = std::make_unique<security::EsprimReceiverServices>(
      security::EsprimReceiverServices{*esprim_keys_, *esprim_issuer_, inner_limits});
  if (config_.esprim_cert_ke) CITADEL_RETURN_IF_ERROR(buildEscertke());
  // As an Enrolment Target: a kid that is a KeID of the MEF gets its SUID 23 key from there.
  CITADEL_ASSIGN_OR_RETURN(
      esprim_enrolled_,
      makeEnrolmentTarget(config_, nullptr, security::esprim::kSuidEnrolledEsprim));
  esprim_services_->enrolled = esprim_enrolled_.get();
  // As a Target MAF Client: a kid that is a Key Identifier of the MAF gets its SUID 33 key
  // there (after the key store and the MEF).
  CITADEL_ASSIGN_OR_RETURN(esprim_maf_,
                           makeMafTarget(config_, esprim_enrolled_.get(), kMafEsprimSuid));
  if (esprim_maf_) esprim_services_->enrolled = esprim_maf_.get();
  return {};
}

// Keys from ESCertKE held at once: per originator (a run replaces its oldest beyond this), and
// in all (as many as the sessions the EsprimUnwrapStage remembers).
constexpr size_t kEscertkeKeysPerOriginator = 4;
constexpr size_t kEscertkeKeys = 4096;

model::Status Cse::buildEscertke() {
  // The CSE's own certificate proves it to the Initiating End-Point; the initiator's must chain
  // to tls.caFile (TS-0003 §8.7.2.2 A, B).
  if (config_.tls_certificate.empty() || config_.tls_private_key.empty() ||
      config_.tls_ca_file.empty()) {
    return model::Status::badRequest(
        "esprim.certKe needs tls.certificate, tls.privateKey and tls.caFile",
        "config.esprim_cert_ke");
  }
  esprim_established_ = std::make_unique<security::esprim::EstablishedKeyStore>(
      kEscertkeKeys, kEscertkeKeysPerOriginator);
  security::escertke::EscertkeSettings settings;
  settings.key_lifetime = std::chrono::seconds(config_.esprim_cert_ke_lifetime_s);
  CITADEL_ASSIGN_OR_RETURN(
      escertke_, security::escertke::EscertkeTerminator::make(
                     {config_.tls_certificate, config_.tls_private_key, config_.tls_ca_file},
                     identity_, *clock_, *esprim_established_, settings));
  esprim_services_->established = esprim_established_.get();
  return {};
}

model::Status Cse::startNotifications() {
  engine::NotificationOptions options;
  if (environment_.notification_options) {
    options = *environment_.notification_options;
  } else {
    options.delivery.workers = static_cast<size_t>(config_.notification_workers);
    options.delivery.max_queued = static_cast<size_t>(config_.notification_queue_size);
    options.default_batch_duration = std::chrono::seconds(config_.notification_batch_duration_s);
    options.delivery.max_queued_bytes = static_cast<size_t>(config_.notification_queue_bytes);
    options.delivery.max_target_bytes = static_cast<size_t>(config_.notification_target_bytes);
    options.buffers.per_subscription = static_cast<size_t>(config_.notification_buffer_bytes);
    options.buffers.total = static_cast<size_t>(config_.notification_buffers_total_bytes);
  }
  model::PrimitiveSender& sender = environment_.notification_sender != nullptr
                                       ? *environment_.notification_sender
                                       : outbound_->notifications();
  notifications_ = std::make_unique<engine::NotificationService>(
      *repository_, *resolver_, identity_, types_, *clock_, sender, *access_, options);
  // Internal primitives (DELETE of an exhausted subscription) pass the pipeline too.
  notifications_->setInternalHandler(processor_.get());
  notifications_->setRoutes(routes_.get());
  notifications_->setRecordLocks(&dispatcher_->locks());
  CITADEL_RETURN_IF_ERROR(notifications_->start());
  dispatcher_->setEventListener(notifications_.get());
  // A NOTIFY to an <AE> goes out through the same senders as notifications (TS-0001
  // §10.2.5.23), so their timeouts and broker rules bound it too.
  retarget_targets_ = std::make_unique<engine::NotificationTargets>(*resolver_);
  retarget_targets_->setRoutes(routes_.get());
  dispatcher_->setNotifyRetargeting(retarget_targets_.get(), &sender);
  // Non-blocking requests (rt 1/2) run through the processor and send their rt 2 results
  // through the same senders; started before the bindings, and after a crash it first fails
  // the <request>s left PENDING.
  engine::NonBlockingSettings non_blocking;
  non_blocking.workers = static_cast<size_t>(config_.nonblocking_workers);
  non_blocking.max_queued = static_cast<size_t>(config_.nonblocking_queue_size);
  non_blocking.lifetime_s = config_.nonblocking_lifetime_s;
  non_blocking.max_per_originator = static_cast<size_t>(config_.nonblocking_max_per_originator);
  non_blocking.max_queued_bytes = static_cast<size_t>(config_.nonblocking_queue_bytes);
  non_blocking.expiration_max_s = config_.expiration_max_s;
  non_blocking_ = std::make_unique<engine::NonBlockingRequests>(
      *repository_, *resolver_, identity_, *clock_, dispatcher_->locks(), *retarget_targets_,
      sender, non_blocking);
  CITADEL_RETURN_IF_ERROR(non_blocking_->start(*processor_));
  processor_->setNonBlocking(non_blocking_.get());
  return {};
}

model::Status Cse::startBindings() {
  // The reaper exists (not yet started, see startReaper) before the upper tester, which
  // changes its interval. The upper tester (off by default) is served over plain HTTP; its
  // Reset re-runs step 5.
  reaper_ =
      std::make_unique<engine::ExpiryReaper>(*repository_, *clock_, *processor_, identity_,
                                             std::chrono::milliseconds(config_.expiry_interval_ms));
  upper_tester_ = std::make_unique<engine::UpperTester>(
      config_, *clock_, *reaper_, *processor_, primitive_checks_, *repository_, identity_,
      [this] { return engine::ensureCseBase(*repository_, identity_, cse_base_, *clock_); });
  CITADEL_ASSIGN_OR_RETURN(transport_security_, TransportSecurity::load(config_));
  BindingEndpoints::Context context{config_, *processor_,
                                    config_.upper_tester_enabled ? upper_tester_.get() : nullptr,
                                    *transport_security_, outbound_->mqtt()};
  CITADEL_ASSIGN_OR_RETURN(endpoints_, BindingEndpoints::start(context));
  points_of_access_ = endpoints_->pointsOfAccess();
  http_port_ = endpoints_->httpPort();
  upper_tester_->setHttpPort(http_port_);
  return {};
}

model::Status Cse::bootstrap() {
  cse_base_.cse_type = config_.cseTypeCode();
  cse_base_.supported_types = types_.supportedTypes();
  cse_base_.points_of_access = points_of_access_;
  // cse.location was checked as m2m:geoCoordinates when the configuration was read.
  cse_base_.location =
      config_.cse_location.empty()
          ? model::Json()
          : model::Json::parse(config_.cse_location, nullptr, /*allow_exceptions=*/false);
  if (cse_base_.location.is_discarded()) cse_base_.location = model::Json();
  cse_base_.e2e_sec_info = esprim_issuer_ ? esprim_issuer_->e2eSecInfo() : model::Json();
  return engine::ensureCseBase(*repository_, identity_, cse_base_, *clock_);
}

model::Status Cse::startRegistration() {
  if (config_.registrar_url.empty()) return {};
  engine::RegistrarSettings registrar;
  registrar.url = config_.registrar_url;
  registrar.cse_id = "/" + config_.registrar_cse_id;
  registrar.cse_base_name = config_.registrar_cse_base_name;
  registrar.retry_max = std::chrono::milliseconds(config_.registrar_retry_max_ms);
  registrar.refresh = std::chrono::milliseconds(config_.registrar_refresh_ms);
  // What the Registrar learns about this CSE is what its own <CSEBase> says (poa, csz, srv).
  CITADEL_ASSIGN_OR_RETURN(resources::Resource cse_base, repository_->load(identity_.cseBaseRi()));
  engine::RegistreeDescription self;
  self.cse_type = config_.cseTypeCode();
  self.points_of_access = points_of_access_;
  self.serializations = cse_base.attributes.value("csz", model::Json::array());
  self.release_versions = cse_base.attributes.value("srv", model::Json::array({"3"}));
  self.request_reachable = config_.registrar_request_reachable;
  registration_ = std::make_unique<engine::CseRegistration>(
      identity_, registrar, std::move(self), outbound_->notifications(), *processor_);
  registration_->start();
  if (outbound_->registrarPolls() != nullptr) {
    // Request-unreachable: what the Registrar routes here is fetched from its channel.
    engine::RegistrarPollSettings polls{registrar.url, registrar.cse_id, registrar.cse_base_name,
                                        std::chrono::milliseconds(config_.registrar_poll_wait_ms)};
    registrar_poller_ = std::make_unique<engine::RegistrarPoller>(
        identity_, std::move(polls), [this] { return registration_->registered(); },
        *outbound_->registrarPolls(), [this] { outbound_->closeRegistrarPolls(); },
        outbound_->notifications(), *processor_);
    registrar_poller_->start();
  }
  return {};
}

void Cse::startReaper() {
  if (environment_.start_expiry_reaper) {
    reaper_->start();
  }
}

}  // namespace citadel::app
