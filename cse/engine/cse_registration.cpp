#include "cse/engine/cse_registration.h"

#include <algorithm>
#include <set>

#include "cse/engine/peer_answer.h"
#include "cse/model/log.h"
#include "cse/random/random_id.h"

namespace citadel::engine {
namespace {

using model::Json;
using model::Operation;
using model::Rsc;
using model::Status;

constexpr uint16_t kRemoteCseTy = static_cast<uint16_t>(model::ResourceType::kRemoteCSE);

Status failed(const std::string& step, const model::Response& response) {
  return peerRefused(step, response, "registration.failed");
}

// The attributes an UPDATE may change (TS-0004 Table 7.4.4.1-3: cst, cb and csi are NP).
Json updatable(const Json& csr) {
  Json out = Json::object();
  for (const char* name : {"poa", "rr", "csz", "srv", "dcse"}) {
    if (csr.contains(name)) out[name] = csr[name];
  }
  return out;
}

// A CREATE that finds the CSE-ID registered already (after a restart): TS-0004 §7.4.4.2.1
// answers 4117; a Registrar that checks the name first answers 4105.
bool alreadyThere(Rsc rsc) {
  return rsc == Rsc::kOriginatorHasAlreadyRegistered || rsc == Rsc::kConflict;
}

}  // namespace

CseRegistration::CseRegistration(const resources::CseIdentity& identity,
                                 RegistrarSettings registrar, RegistreeDescription self,
                                 model::PrimitiveSender& sender, model::PrimitiveHandler& local)
    : identity_(identity),
      registrar_(std::move(registrar)),
      self_(std::move(self)),
      sender_(sender),
      local_(local) {}

CseRegistration::~CseRegistration() { stop(); }

void CseRegistration::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { run(); });
}

void CseRegistration::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool CseRegistration::registered() const {
  std::lock_guard lock(mutex_);
  return registered_;
}

void CseRegistration::run() {
  std::chrono::milliseconds delay = registrar_.retry_initial;
  while (true) {
    Status status = registerOnce();
    std::unique_lock lock(mutex_);
    if (status.isOk()) {
      registered_ = true;
      LOG_INFO("registered with " << registrar_.cse_id << " at " << registrar_.url);
      // Refresh until stopped; a failed refresh is retried at the next interval.
      while (!wake_.wait_for(lock, registrar_.refresh, [this] { return stopping_; })) {
        lock.unlock();
        if (localRecordDeleted()) {
          // TS-0001 §10.2.2.10: deregistration on request — the <remoteCSE> of the Registrar
          // was deleted here (by the admin): the record at the Registrar goes too, and this
          // CSE stays unregistered until it is started again.
          Status gone = deregisterAtRegistrar();
          lock.lock();
          registered_ = false;
          deregistered_ = true;
          if (gone.isOk()) {
            LOG_INFO("deregistered from " << registrar_.cse_id);
          } else {
            LOG_WARN("deregistration from " << registrar_.cse_id << " failed: "
                                            << model::logSafe(gone.dbg()));
          }
          return;
        }
        Status refreshed = refreshOnce();
        if (!refreshed.isOk()) {
          LOG_WARN("refresh of the registration with " << registrar_.cse_id << " failed: "
                                                       << model::logSafe(refreshed.dbg()));
        }
        lock.lock();
      }
      return;
    }
    LOG_WARN("registration with " << registrar_.cse_id << " at " << registrar_.url
                                  << " failed, retry in " << delay.count()
                                  << " ms: " << model::logSafe(status.dbg()));
    if (wake_.wait_for(lock, delay, [this] { return stopping_; })) return;
    delay = std::min(delay * 2, registrar_.retry_max);
  }
}

model::Request CseRegistration::request(Operation operation, std::string to) {
  model::Request r;
  r.operation = operation;
  r.to = std::move(to);
  r.originator = identity_.cse_id;  // TS-0001 Table 10.2.2.7-1: From is the Originator CSE-ID
  r.release_version_indicator = "3";
  r.request_id = random::unguessableId("reg-");  // matched by the sender: never guessable
  return r;
}

std::vector<std::string> CseRegistration::descendants() {
  // As the CSE itself (internal binding): every <remoteCSE> under the <CSEBase> but the
  // Registrar's, with the CSEs it reported below itself.
  model::Request find = request(Operation::kRetrieve, identity_.cse_name);
  find.transport.binding = model::Binding::kInternal;
  find.filter_criteria = {{"fu", 1}, {"ty", Json::array({kRemoteCseTy})}, {"lvl", 1}};
  find.desired_identifier_result_type = model::DesiredIdResultType::kUnstructured;
  model::Response found = local_.handle(std::move(find));
  std::set<std::string> ids;
  for (const Json& ri : found.content.value("m2m:uril", Json::array())) {
    if (!ri.is_string()) continue;
    model::Request read = request(Operation::kRetrieve, ri.get<std::string>());
    read.transport.binding = model::Binding::kInternal;
    model::Response csr = local_.handle(std::move(read));
    const Json& a = csr.content.value("m2m:csr", Json::object());
    std::string csi = a.value("csi", "");
    if (csr.status_code != Rsc::kOk || csi.empty() || csi == registrar_.cse_id) continue;
    ids.insert(csi);
    for (const Json& below : a.value("dcse", Json::array())) {
      if (below.is_string() && below != identity_.cse_id && below != registrar_.cse_id) {
        ids.insert(below.get<std::string>());
      }
    }
  }
  return {ids.begin(), ids.end()};
}

Json CseRegistration::registreeRecord(const std::vector<std::string>& descendants) const {
  Json csr = {{"cst", self_.cse_type},
              {"csi", identity_.cse_id},
              {"cb", identity_.cse_id + "/" + identity_.cse_name},
              // A request-unreachable CSE is reached through its polling channel only: no poa
              // that the Registrar would try in vain (empty rather than absent, so that an
              // UPDATE after a reachable run clears the old one).
              {"poa", self_.request_reachable ? Json(self_.points_of_access) : Json::array()},
              {"rr", self_.request_reachable},
              {"csz", self_.serializations},
              {"srv", self_.release_versions}};
  if (!descendants.empty()) csr["dcse"] = descendants;
  return csr;
}

Status CseRegistration::refreshOnce() {
  std::vector<std::string> below = descendants();
  Json csr = registreeRecord(below);
  if (below.empty()) csr["dcse"] = nullptr;  // an UPDATE removes a list that emptied
  std::string ri = identity_.cseBaseRi();
  model::Request update = request(Operation::kUpdate, ri);
  update.content = Json{{"m2m:csr", updatable(csr)}};
  model::Response updated = sender_.send(registrar_.url + "/" + ri, update);
  if (updated.status_code == Rsc::kNotFound) {
    return registerOnce();  // the Registrar lost the record: register again
  }
  if (!model::isSuccess(updated.status_code)) {
    return failed("UPDATE <remoteCSE> at Registrar", updated);
  }
  return {};
}

bool CseRegistration::localRecordDeleted() {
  model::Request read = request(Operation::kRetrieve, registrar_.cse_id.substr(1));
  read.transport.binding = model::Binding::kInternal;
  return local_.handle(std::move(read)).status_code == Rsc::kNotFound;
}

Status CseRegistration::deregisterAtRegistrar() {
  std::string ri = identity_.cseBaseRi();  // the Registrar names its <remoteCSE> after us
  model::Response deleted =
      sender_.send(registrar_.url + "/" + ri, request(Operation::kDelete, ri));
  if (model::isSuccess(deleted.status_code) || deleted.status_code == Rsc::kNotFound) return {};
  return failed("DELETE <remoteCSE> at Registrar", deleted);
}

bool CseRegistration::deregistered() const {
  std::lock_guard lock(mutex_);
  return deregistered_;
}

Status CseRegistration::registerOnce() {
  CITADEL_RETURN_IF_ERROR(registerAtRegistrar());
  return recordRegistrarLocally();
}

Status CseRegistration::registerAtRegistrar() {
  // Step 001: CREATE <remoteCSE> under the Registrar's <CSEBase>, addressed CSE-relative at its
  // HTTP binding. No rn: the Registrar names it after the CSE-ID.
  std::vector<std::string> below = descendants();
  Json csr = registreeRecord(below);
  model::Request create = request(Operation::kCreate, registrar_.cse_base_name);
  create.resource_type = kRemoteCseTy;
  create.content = Json{{"m2m:csr", csr}};
  model::Response created = sender_.send(registrar_.url + "/" + registrar_.cse_base_name, create);
  if (model::isSuccess(created.status_code)) return {};
  if (!alreadyThere(created.status_code)) return failed("CREATE <remoteCSE> at Registrar", created);
  // Registered before this start: bring what may have changed up to date (unstructured ri).
  std::string ri = identity_.cseBaseRi();
  model::Request update = request(Operation::kUpdate, ri);
  update.content = Json{{"m2m:csr", updatable(csr)}};
  model::Response updated = sender_.send(registrar_.url + "/" + ri, update);
  if (model::isSuccess(updated.status_code)) return {};
  return failed("UPDATE <remoteCSE> at Registrar", updated);
}

Json CseRegistration::registrarRecord() {
  // Steps 005-008: the Registrar's <CSEBase> supplies the optional attributes; what it does not
  // answer comes from the configuration.
  Json record = {{"csi", registrar_.cse_id},
                 {"cb", registrar_.cse_id + "/" + registrar_.cse_base_name},
                 {"poa", Json::array({registrar_.url})},
                 {"rr", true},
                 {"srv", self_.release_versions}};
  model::Request retrieve = request(Operation::kRetrieve, registrar_.cse_base_name);
  model::Response cb = sender_.send(registrar_.url + "/" + registrar_.cse_base_name, retrieve);
  if (cb.status_code != Rsc::kOk || !cb.content.contains("m2m:cb") ||
      !cb.content["m2m:cb"].is_object()) {
    LOG_WARN("RETRIEVE of the Registrar's <CSEBase> answered rsc "
             << static_cast<int>(cb.status_code) << "; its <remoteCSE> keeps configured values");
    return record;
  }
  const Json& base = cb.content["m2m:cb"];
  for (const char* name : {"cst", "poa", "csz", "srv"}) {
    if (base.contains(name) && !(base[name].is_array() && base[name].empty())) {
      record[name] = base[name];
    }
  }
  return record;
}

Status CseRegistration::recordRegistrarLocally() {
  // Step 004: the <remoteCSE> of the Registrar under this CSE's own <CSEBase>.
  Json record = registrarRecord();
  model::Request create = request(Operation::kCreate, identity_.cse_name);
  create.transport.binding = model::Binding::kInternal;
  create.resource_type = kRemoteCseTy;
  create.content = Json{{"m2m:csr", record}};
  model::Response created = local_.handle(std::move(create));
  if (model::isSuccess(created.status_code)) return {};
  if (!alreadyThere(created.status_code)) return failed("CREATE local <remoteCSE>", created);
  model::Request update = request(Operation::kUpdate, registrar_.cse_id.substr(1));
  update.transport.binding = model::Binding::kInternal;
  update.content = Json{{"m2m:csr", updatable(record)}};
  model::Response updated = local_.handle(std::move(update));
  if (model::isSuccess(updated.status_code)) return {};
  return failed("UPDATE local <remoteCSE>", updated);
}

}  // namespace citadel::engine
