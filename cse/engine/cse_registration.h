#pragma once
// The Registree side of CSE registration (TS-0001 §10.2.2.7, TS-0004 §7.4.4.2.1): an MN-CSE or
// ASN-CSE configured with a Registrar creates its <remoteCSE> there (From = its CSE-ID), then
// the <remoteCSE> that represents the Registrar under its own <CSEBase>, filled from a RETRIEVE
// of the Registrar's <CSEBase> (steps 004-008). After a restart both exist already: the CREATE
// answers 4117 (or 4105) and the resources are updated instead (poa, rr, csz, srv), so no
// duplicate appears on either side.
//
// Requests to the Registrar leave through a PrimitiveSender (the HTTP binding's, bound by its
// timeout); local ones go through the PrimitiveHandler on the internal binding, so the pipeline
// and the <remoteCSE> type's rules apply to them as to any other.
//
// Deregistration (TS-0001 §10.2.2.10, initiated by this CSE): the admin deletes the local
// <remoteCSE> of the Registrar; at the next refresh this CSE deletes its <remoteCSE> at the
// Registrar and makes no further attempt until it is started again.
//
// Once registered, the <remoteCSE> at the Registrar is refreshed every `refresh`: poa, rr, csz,
// srv and dcse (descendantCSEs: the CSE-IDs of the <remoteCSE>s under this <CSEBase> other than
// the Registrar's, and their own dcse), so that the Registrar routes requests for a CSE below
// this one here (TS-0004 §7.3.2.6). A Registrar that answers 4004 (it lost the record) gets it
// created again.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cse/model/json.h"
#include "cse/model/ports.h"
#include "resources/cse_identity.h"

namespace citadel::engine {

struct RegistrarSettings {
  std::string url;            // the Registrar's HTTP binding: "http://127.0.0.1:8080"
  std::string cse_id;         // its CSE-ID with the leading '/': "/id-in"
  std::string cse_base_name;  // its <CSEBase> resourceName: "cse-in"
  std::chrono::milliseconds retry_initial{500};
  std::chrono::milliseconds retry_max{60000};
  // Once registered: how often the <remoteCSE> at the Registrar is brought up to date.
  std::chrono::milliseconds refresh{60000};
};

// What this CSE tells its Registrar about itself (TS-0004 Table 7.4.4.1-3).
struct RegistreeDescription {
  int cse_type = 2;                          // cst: 2 MN, 3 ASN
  std::vector<std::string> points_of_access;  // poa
  model::Json serializations = model::Json::array();  // csz
  model::Json release_versions = model::Json::array({"3"});  // srv
  bool request_reachable = true;             // rr
};

class CseRegistration {
 public:
  // `sender` and `local` must outlive this object.
  CseRegistration(const resources::CseIdentity& identity, RegistrarSettings registrar,
                  RegistreeDescription self, model::PrimitiveSender& sender,
                  model::PrimitiveHandler& local);
  ~CseRegistration();  // stop()
  CseRegistration(const CseRegistration&) = delete;
  CseRegistration& operator=(const CseRegistration&) = delete;

  // Starts the background attempts and returns at once: start-up never waits for the
  // Registrar. Attempts repeat with a doubling delay (retry_initial .. retry_max) until one
  // succeeds or stop() is called.
  void start();
  // Ends the attempts and joins the thread. Idempotent.
  void stop();
  // One attempt, on the calling thread: OK when both <remoteCSE> resources are in place; else the
  // first failing exchange's rsc and dbg (5103/4008 while the Registrar is unreachable).
  model::Status registerOnce();
  // True once an attempt succeeded (and until a deregistration). Thread-safe.
  bool registered() const;
  // True once this CSE deregistered: an admin deleted its local <remoteCSE> of the Registrar,
  // and the next refresh deleted the record at the Registrar too (TS-0001 §10.2.2.10). No
  // further attempt is made until the CSE is started again. Thread-safe.
  bool deregistered() const;
  // One refresh, on the calling thread: the <remoteCSE> at the Registrar updated with the
  // current poa, rr, csz, srv and dcse (created again when the Registrar answers 4004).
  model::Status refreshOnce();

 private:
  model::Status registerAtRegistrar();
  model::Status recordRegistrarLocally();
  model::Json registrarRecord();
  // True when the local <remoteCSE> of the Registrar is gone (deleted by the admin).
  bool localRecordDeleted();
  // DELETE of this CSE's <remoteCSE> at the Registrar (4004 there counts as done).
  model::Status deregisterAtRegistrar();
  // The CSE-IDs registered below this CSE (and their descendants), from the local <remoteCSE>s.
  std::vector<std::string> descendants();
  model::Json registreeRecord(const std::vector<std::string>& descendants) const;
  model::Request request(model::Operation operation, std::string to);
  void run();

  const resources::CseIdentity& identity_;
  const RegistrarSettings registrar_;
  const RegistreeDescription self_;
  model::PrimitiveSender& sender_;
  model::PrimitiveHandler& local_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool registered_ = false;
  bool deregistered_ = false;
  std::thread thread_;
};

}  // namespace citadel::engine
