#pragma once
// The Registree side of a polling channel at the Registrar (TS-0001 §10.2.5.12-.19 for a CSE,
// TS-0004 §7.4.21-22): an MN-CSE or ASN-CSE that its Registrar cannot reach
// (registrar.requestReachable=false: behind NAT or a firewall) registers with rr=false, then
//  1. creates the <pollingChannel> "pch" under its <remoteCSE> at the Registrar (4105: it has
//     one from an earlier run, which is found by discovery and used);
//  2. long-polls its pcu (RETRIEVE with rqet = the poll wait); the Registrar answers with a
//     request it routed to this CSE ({"m2m:rqp": ...}) or 4008 when none came;
//  3. processes that request as if the Registrar had sent it directly: through the local
//     PrimitiveHandler (the whole pipeline), with the Registrar as the relaying CSE and the
//     transport the poll used — TLS with the identity the Registrar's server certificate
//     proved, or a plain transport that security.plainCse decides on;
//  4. NOTIFYs the response ({"m2m:rsp": ...}) to pcu, and polls again.
//
// What the Registrar routes here carries an SP-relative originator (TS-0004 §7.3.2.6: its own
// CSE-ID, an AE-ID behind it, "/id-in/Cae"); a polled request with a CSE-relative or absolute
// `fr`, or one naming this CSE, would speak as an entity of this CSE and is answered 4106
// without being processed, so that a Registrar cannot become this CSE's admin or its AEs.
//
// Requests are processed one at a time on the poll thread: one that takes long (a forward
// further down) delays the next poll, within the senders' timeouts. The poll sender must be able
// to hold a poll for poll_wait; stop() interrupts it so that stopping never waits for a poll.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "cse/model/ports.h"
#include "cse/model/status.h"
#include "resources/cse_identity.h"

namespace citadel::engine {

struct RegistrarPollSettings {
  std::string url;            // the Registrar's HTTP(S) binding: "https://127.0.0.1:8443"
  std::string cse_id;         // its CSE-ID: "/id-in"
  std::string cse_base_name;  // its <CSEBase> resourceName: "cse-in"
  std::chrono::milliseconds poll_wait{20000};
  std::chrono::milliseconds retry{1000};  // after a failed exchange
};

class RegistrarPoller {
 public:
  // `registered` tells whether the registration is in place (polling waits for it).
  // `poll_sender` holds the long polls (its timeout above poll_wait); `interrupt_polls` ends a
  // poll in progress at once and every later one (for stop()). `answer_sender` sends the
  // channel set-up and the answers. All must outlive this object.
  RegistrarPoller(const resources::CseIdentity& identity, RegistrarPollSettings settings,
                  std::function<bool()> registered, model::PrimitiveSender& poll_sender,
                  std::function<void()> interrupt_polls, model::PrimitiveSender& answer_sender,
                  model::PrimitiveHandler& local);
  ~RegistrarPoller();  // stop()
  RegistrarPoller(const RegistrarPoller&) = delete;
  RegistrarPoller& operator=(const RegistrarPoller&) = delete;

  void start();
  // Ends the loop (interrupting a poll in progress) and joins the thread. Idempotent.
  void stop();

  // One step on the calling thread: the channel made or found when there is none yet, one
  // poll, and the request it brought processed and answered. OK when the poll ended normally
  // (with a request or 4008); the failing exchange's status otherwise.
  model::Status pollOnce();

 private:
  model::Status ensureChannel();
  model::Request request(model::Operation operation, std::string to) const;
  // The request carried by a poll's answer, processed locally; its response NOTIFYed to pcu.
  model::Status serve(const model::Response& polled);
  model::Response process(model::Request polled, const std::string& peer_identity);
  void run();

  const resources::CseIdentity& identity_;
  const RegistrarPollSettings settings_;
  std::function<bool()> registered_;
  model::PrimitiveSender& poll_sender_;
  std::function<void()> interrupt_polls_;
  model::PrimitiveSender& answer_sender_;
  model::PrimitiveHandler& local_;
  std::string channel_;  // structured path of the channel at the Registrar; poll thread only
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace citadel::engine
