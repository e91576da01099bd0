#pragma once
// Non-blocking requests (TS-0001 §8.2.2, TS-0004 §7.3.2.2-7.3.2.5, §7.5.1.2.5): a request with
// rt 1 (nonBlockingRequestSynch) or 2 (nonBlockingRequestAsynch) that passed admission (the
// originator's identity and the primitive's shape) gets a <request> resource and an
// acknowledgement at once; a bounded pool of workers then runs it as a blocking request through
// the same PrimitiveHandler (the whole security pipeline, with the original originator and its
// transport identity, tokens and roles: going asynchronous grants nothing) and stores the
// response in the <request>'s operationResult. For rt 2 the response is also notified as an
// m2m:rsp to each rtu entry (none: the originator) through the notification sender.
//
// An rt 1 request for another CSE (this CSE a Transit CSE) is forwarded as rt 1: when the next
// CSE accepts it, the <request> here becomes FORWARDED and the worker reads the next CSE's
// <request> until its result is there (TS-0004 Table 7.3.2.2-2, Annex E.2.2).
//
// Durability: the <request> is committed before the acknowledgement. One whose operation did
// not finish when the CSE stopped or crashed is set FAILED at the next start(), so no
// acknowledged request stays PENDING for ever (its outcome is then unknown: the operation may
// or may not have taken effect).
//
// Thread-safety: accept() from any thread once start() returned; start/stop from one thread.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "cse/engine/notification/notification_targets.h"
#include "cse/engine/stripe_locks.h"
#include "cse/model/clock.h"
#include "cse/model/ports.h"
#include "resources/cse_identity.h"
#include "resources/resource_repository.h"
#include "resources/resource_resolver.h"
#include "resources/types/request.h"

namespace citadel::engine {

struct NonBlockingSettings {
  size_t workers = 4;        // nonBlocking.workers
  size_t max_queued = 1000;  // nonBlocking.queueSize: accepted, not yet running (0: refuse all)
  int64_t lifetime_s = 3600;         // nonBlocking.lifetime: et of a <request> after its rset
  // nonBlocking.maxPerOriginator: unexpired <request>s of one originator (counted from
  // acceptance until their et, in memory: a DELETE does not give the slot back before that).
  size_t max_per_originator = 1000;
  size_t max_queued_bytes = 64 << 20;  // nonBlocking.queueBytes: the queued requests' content
  int64_t expiration_max_s = 315360000;  // expiration.max
  // A forwarded nonBlockingRequestSynch: how long a worker reads the next CSE's <request> for
  // its result (less when the request's rqet/rset end earlier); then FAILED with 4008.
  std::chrono::milliseconds forwarded_wait{60000};
};

class NonBlockingRequests {
 public:
  // `executor` runs the operations (the request processor); `locks` are the dispatcher's
  // record locks (a DELETE of the <request> serialises with its updates). `targets` and
  // `sender` deliver rt 2 results; all must outlive this object.
  NonBlockingRequests(resources::ResourceRepository& repository,
                      resources::ResourceResolver& resolver,
                      const resources::CseIdentity& identity, const model::Clock& clock,
                      StripeLocks& locks, const NotificationTargets& targets,
                      model::PrimitiveSender& sender, NonBlockingSettings settings);
  ~NonBlockingRequests();

  // Sets every <request> still PENDING (left by a stop or crash) to FAILED, then starts the
  // workers. 5000 on a storage fault.
  model::Status start(model::PrimitiveHandler& executor);
  // Stops the workers after their current operation; the queued ones become FAILED.
  // Idempotent.
  void stop();

  // Accepts `request` (rt 1 or 2; admitted) from `originator` (its normalised fr): commits its
  // <request> and queues it. Returns the acknowledgement: 1001 with the <request>'s address as
  // m2m:uri, or 1002 (with the same, and a content-location); 4000 for a `to` naming a
  // <request> (TS-0004 §7.4.12.2.2-4); 5206 when the queue is full (count or bytes), the
  // originator holds max_per_originator unexpired <request>s, or the pool stopped; 5000 on a
  // storage fault.
  model::Response accept(const model::Request& request, const std::string& originator);

 private:
  struct Job {
    model::Request request;  // the original, rt included
    std::string record_ri;
    size_t bytes = 0;        // its content's size, in queued_bytes_ while queued
  };
  // Under mutex_: whether `originator` may hold one more <request> now (expired ones are
  // forgotten on the way); records the new one's expiry when it may.
  bool takeOriginatorSlot(const std::string& originator, model::TimePoint expires);
  void work();
  void run(const Job& job);
  // Takes the job up unless its <request> was deleted (cancelled) or expired meanwhile.
  bool claim(const std::string& record_ri);
  void finish(const std::string& record_ri, resources::RequestStatus status, model::Json ors);
  // rs (and lt) of the <request>, the operation still running.
  void setStatus(const std::string& record_ri, resources::RequestStatus status);
  // True when `to` names a resource of another CSE (SP-relative or absolute).
  bool onAnotherCse(const std::string& to) const;
  model::Response runForwarded(const Job& job);
  std::string remoteReference(const model::Response& ack, const std::string& to) const;
  void notifyResult(const Job& job, const model::Response& response);
  model::Status failInterrupted();
  model::TimePoint expiryFor(const model::Request& request) const;

  resources::ResourceRepository& repository_;
  resources::ResourceResolver& resolver_;
  const resources::CseIdentity& identity_;
  const model::Clock& clock_;
  StripeLocks& locks_;
  const NotificationTargets& targets_;
  model::PrimitiveSender& sender_;
  NonBlockingSettings settings_;
  model::PrimitiveHandler* executor_ = nullptr;

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  size_t queued_bytes_ = 0;
  // The expiries of each originator's unexpired <request>s (at most max_per_originator each).
  std::unordered_map<std::string, std::vector<model::TimePoint>> live_by_originator_;
  bool running_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace citadel::engine
