#include "cse/engine/non_blocking_requests.h"

#include <optional>

#include "cse/engine/request_record.h"
#include "cse/model/address.h"
#include "cse/model/json_size.h"
#include "cse/model/log.h"
#include "cse/random/random_id.h"

namespace citadel::engine {

using model::Json;
using model::Response;
using model::Status;
using resources::RequestStatus;
using resources::Resource;

NonBlockingRequests::NonBlockingRequests(resources::ResourceRepository& repository,
                                         resources::ResourceResolver& resolver,
                                         const resources::CseIdentity& identity,
                                         const model::Clock& clock, StripeLocks& locks,
                                         const NotificationTargets& targets,
                                         model::PrimitiveSender& sender,
                                         NonBlockingSettings settings)
    : repository_(repository),
      resolver_(resolver),
      identity_(identity),
      clock_(clock),
      locks_(locks),
      targets_(targets),
      sender_(sender),
      settings_(settings) {}

NonBlockingRequests::~NonBlockingRequests() { stop(); }

Status NonBlockingRequests::start(model::PrimitiveHandler& executor) {
  executor_ = &executor;
  CITADEL_RETURN_IF_ERROR(failInterrupted());
  std::lock_guard lock(mutex_);
  running_ = true;
  for (size_t i = 0; i < settings_.workers; ++i) {
    workers_.emplace_back([this] { work(); });
  }
  return {};
}

void NonBlockingRequests::stop() {
  std::deque<Job> abandoned;
  {
    std::lock_guard lock(mutex_);
    running_ = false;
    abandoned.swap(queue_);
    queued_bytes_ = 0;
  }
  cv_.notify_all();
  for (std::thread& worker : workers_) {
    worker.join();
  }
  workers_.clear();
  for (const Job& job : abandoned) {
    finish(job.record_ri, RequestStatus::kFailed,
           operationResult(Response::fromStatus(Status::internal("the CSE stopped before the "
                                                                 "operation ran"),
                                                job.request.request_id),
                           job.request.request_id, clock_.now()));
  }
}

Status NonBlockingRequests::failInterrupted() {
  // A <request> still PENDING (or FORWARDED) at start-up belongs to a run that stopped or
  // crashed before its operation finished (or its result was read): its outcome is unknown, so
  // FAILED (TS-0004 Table 6.3.4.2.10-1), never pending for ever.
  std::vector<std::string> ids;
  CITADEL_RETURN_IF_ERROR(resources::appendAllPages(
      [&](std::string_view after) {
        return repository_.typeIdPage(model::ResourceType::kRequest, "", after,
                                      resources::ResourceRepository::kScanPage);
      },
      &ids));
  for (const std::string& ri : ids) {
    auto record = repository_.load(ri);
    if (!record.isOk()) continue;
    // FORWARDED too: the worker that was reading the next CSE's <request> is gone.
    auto rs = record.value().intAttribute("rs", 0);
    if (rs != static_cast<int64_t>(RequestStatus::kPending) &&
        rs != static_cast<int64_t>(RequestStatus::kForwarded)) {
      continue;
    }
    std::string rid = record.value().attributes.value("rid", "");
    finish(ri, RequestStatus::kFailed,
           operationResult(Response::fromStatus(Status::internal("the CSE restarted before the "
                                                                 "operation finished; its "
                                                                 "outcome is unknown"),
                                                rid),
                           rid, clock_.now()));
  }
  if (!ids.empty()) LOG_INFO("non-blocking: " << ids.size() << " <request> resource(s) checked");
  return {};
}

model::TimePoint NonBlockingRequests::expiryFor(const model::Request& request) const {
  // TS-0004 Table 7.3.2.2-1: et depends on rqet, rset, oet and rp; it lasts the configured
  // lifetime beyond the latest of them (now when none is given), within expiration.max.
  model::TimePoint now = clock_.now();
  model::TimePoint base = now;
  for (const std::string* value :
       {&request.request_expiration_timestamp, &request.result_expiration_timestamp,
        &request.operation_execution_time}) {
    if (value->empty()) continue;
    if (auto t = model::parseAbsRelTimestamp(*value, now); t && *t > base) base = *t;
  }
  return std::min(base + std::chrono::seconds(settings_.lifetime_s),
                  now + std::chrono::seconds(settings_.expiration_max_s));
}

bool NonBlockingRequests::takeOriginatorSlot(const std::string& originator,
                                             model::TimePoint expires) {
  model::TimePoint now = clock_.now();
  std::vector<model::TimePoint>& live = live_by_originator_[originator];
  std::erase_if(live, [&](model::TimePoint et) { return et <= now; });
  if (live.size() >= settings_.max_per_originator) {
    return false;
  }
  live.push_back(expires);
  // Forget originators whose <request>s all expired, so that the map holds live ones only.
  if (live_by_originator_.size() > 1024) {
    for (auto it = live_by_originator_.begin(); it != live_by_originator_.end();) {
      std::erase_if(it->second, [&](model::TimePoint et) { return et <= now; });
      it = it->second.empty() ? live_by_originator_.erase(it) : std::next(it);
    }
  }
  return true;
}

Response NonBlockingRequests::accept(const model::Request& request,
                                     const std::string& originator) {
  // TS-0004 §7.4.12.2.2-4: a request to a <request> may not itself be non-blocking.
  if (auto target = resolver_.resolve(request.to);
      target.isOk() && target.value().resource().type() == model::ResourceType::kRequest) {
    return Response::fromStatus(
        Status::badRequest("a request to a <request> cannot be non-blocking (rt 1 or 2)",
                           "nonblocking.to_request"),
        request.request_id);
  }
  Status full(model::Rsc::kNonBlockingSynchRequestNotSupported,
              "the CSE cannot take more non-blocking requests now; retry later or send it "
              "blocking", "nonblocking.queue_full");
  size_t bytes = model::jsonBytes(request.content);
  auto queueFull = [&] {
    return !running_ || queue_.size() >= settings_.max_queued ||
           queued_bytes_ + bytes > settings_.max_queued_bytes;
  };
  {
    std::lock_guard lock(mutex_);
    if (queueFull()) {
      return Response::fromStatus(full, request.request_id);
    }
  }
  auto cse_base = repository_.load(identity_.cseBaseRi());
  if (!cse_base.isOk()) return Response::fromStatus(cse_base.status(), request.request_id);
  model::TimePoint expires = expiryFor(request);
  Resource record = newRequestRecord(request, originator, cse_base.value().ri(),
                                     cse_base.value().path(), model::formatTimestamp(expires),
                                     clock_.now());
  {
    std::lock_guard lock(mutex_);
    // Checked again with the queue's lock: committing and queueing are one step for workers.
    if (queueFull()) {
      return Response::fromStatus(full, request.request_id);
    }
    if (!takeOriginatorSlot(originator, expires)) {
      return Response::fromStatus(
          Status(model::Rsc::kNonBlockingSynchRequestNotSupported,
                 "this originator holds " + std::to_string(settings_.max_per_originator) +
                     " unexpired <request> resources (nonBlocking.maxPerOriginator); delete "
                     "some or send the request blocking",
                 "nonblocking.originator_limit"),
          request.request_id);
    }
    storage::WriteBatch batch;
    resources::ResourceRepository::stagePut(batch, record);
    resources::ResourceRepository::stageIndexes(batch, record);
    resources::ResourceRepository::stageUniqueness(batch, record, false);
    // Acknowledge only what is committed (storage/store.h): a crash after this leaves a
    // PENDING <request> that start() turns FAILED.
    if (Status committed = repository_.commit(batch); !committed.isOk()) {
      return Response::fromStatus(committed, request.request_id);
    }
    queue_.push_back(Job{request, record.ri(), bytes});
    queued_bytes_ += bytes;
  }
  cv_.notify_one();
  bool synch = request.response_type.value == model::ResponseTypeValue::kNonBlockingRequestSynch;
  Response ack;
  ack.status_code = synch ? model::Rsc::kAcceptedNonBlockingSynch
                          : model::Rsc::kAcceptedNonBlockingAsynch;
  ack.request_id = request.request_id;
  // TS-0004 Table 7.3.2.3-1: the Content is the reference to the <request>.
  ack.content = Json{{"m2m:uri", record.path()}};
  ack.content_location = record.path();
  return ack;
}

void NonBlockingRequests::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return !running_ || !queue_.empty(); });
      if (!running_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      queued_bytes_ -= job.bytes;
    }
    run(job);
  }
}

bool NonBlockingRequests::claim(const std::string& record_ri) {
  // Under the record lock that DELETE takes too: either the DELETE removed the <request> first
  // (the operation is cancelled) or the mark is set and a later DELETE answers 5220.
  std::lock_guard lock(locks_.forId(record_ri));
  auto record = repository_.load(record_ri);
  if (!record.isOk()) return false;
  record.value().attributes[std::string(resources::kRequestRunningField)] = true;
  storage::WriteBatch batch;
  resources::ResourceRepository::stagePut(batch, record.value());
  return repository_.commit(batch).isOk();
}

void NonBlockingRequests::run(const Job& job) {
  if (!claim(job.record_ri)) {
    LOG_INFO("non-blocking rqi=" << model::logSafe(job.request.request_id)
                                 << " cancelled: its <request> is gone");
    return;
  }
  // The same path as a blocking request: the pipeline decides again, for this originator.
  Response response;
  if (job.request.response_type.value == model::ResponseTypeValue::kNonBlockingRequestSynch &&
      onAnotherCse(job.request.to)) {
    response = runForwarded(job);
  } else {
    model::Request inner = job.request;
    inner.response_type = model::ResponseTypeInfo{};
    response = executor_->handle(std::move(inner));
  }
  model::TimePoint now = clock_.now();
  RequestStatus status = model::isSuccess(response.status_code) ? RequestStatus::kCompleted
                                                                : RequestStatus::kFailed;
  finish(job.record_ri, status, operationResult(response, job.request.request_id, now));
  if (job.request.response_type.value == model::ResponseTypeValue::kNonBlockingRequestAsynch) {
    notifyResult(job, response);
  }
}

namespace {

const Json* memberObject(const Json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it != object.end() && it->is_object() ? &*it : nullptr;
}

std::optional<int64_t> integerMember(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

}  // namespace

bool NonBlockingRequests::onAnotherCse(const std::string& to) const {
  auto address = model::parseAddress(to);
  return address.isOk() && address.value().scope != model::AddressScope::kCseRelative &&
         address.value().cse_id != identity_.cse_id;
}

// The next CSE's reference to its <request> (TS-0004 Table 7.3.2.3-1: m2m:uri), as an address
// this CSE can route: a CSE-relative one is the next CSE's, so its CSE-ID goes in front.
std::string NonBlockingRequests::remoteReference(const Response& ack,
                                                 const std::string& to) const {
  const Json* uri = ack.content.is_object() && ack.content.contains("m2m:uri")
                        ? &ack.content["m2m:uri"]
                        : nullptr;  // operator[] on a const object: the member exists
  std::string reference = uri != nullptr && uri->is_string() ? uri->get<std::string>()
                                                             : ack.content_location;
  auto target = model::parseAddress(to);
  auto parsed = model::parseAddress(reference);
  if (reference.empty() || !target.isOk() || !parsed.isOk()) return "";
  if (parsed.value().scope == model::AddressScope::kCseRelative) {
    return target.value().cse_id + "/" + reference;
  }
  return reference;
}

Response NonBlockingRequests::runForwarded(const Job& job) {
  // TS-0004 Table 7.3.2.2-2 and Annex E.2.2: a Transit CSE forwards a nonBlockingRequestSynch
  // as such; once the next CSE acknowledges it (1001, the reference of its own <request>), this
  // <request> is FORWARDED and the worker reads the other one — as the originator, through the
  // pipeline and the forwarder, so the Hosting CSE decides who reads it — until it is COMPLETED
  // or FAILED, and takes its operationResult. A next CSE that refuses non-blocking requests
  // (5206) gets the request blocking; any other refusal is the outcome.
  model::Request forwarded = job.request;
  forwarded.nonblocking_accepted = true;  // forwarded with its rt, not accepted here again
  Response ack = executor_->handle(forwarded);
  if (ack.status_code == model::Rsc::kNonBlockingSynchRequestNotSupported) {
    forwarded.response_type = model::ResponseTypeInfo{};
    return executor_->handle(std::move(forwarded));
  }
  if (ack.status_code != model::Rsc::kAcceptedNonBlockingSynch) return ack;
  std::string reference = remoteReference(ack, job.request.to);
  if (reference.empty()) {
    return Response::fromStatus(
        Status::internal("the next CSE accepted the request without a usable reference to its "
                         "<request>", "nonblocking.forwarded_no_reference"),
        job.request.request_id);
  }
  setStatus(job.record_ri, RequestStatus::kForwarded);
  model::TimePoint now = clock_.now();
  model::TimePoint until = now + settings_.forwarded_wait;
  for (const std::string* value :
       {&job.request.request_expiration_timestamp, &job.request.result_expiration_timestamp}) {
    if (value->empty()) continue;
    if (auto t = model::parseAbsRelTimestamp(*value, now); t && *t < until) until = *t;
  }
  std::chrono::milliseconds delay(100);
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (cv_.wait_for(lock, delay, [&] { return !running_; })) {
        return Response::fromStatus(
            Status::internal("the CSE stopped before the forwarded request's result was read "
                             "from " + reference, "nonblocking.forwarded_stopped"),
            job.request.request_id);
      }
    }
    model::Request read;
    read.operation = model::Operation::kRetrieve;
    read.to = reference;
    read.originator = job.request.originator;
    read.request_id = random::unguessableId("nbf-");
    read.release_version_indicator = job.request.release_version_indicator;
    read.tokens = job.request.tokens;
    read.local_token_ids = job.request.local_token_ids;
    read.role_ids = job.request.role_ids;
    read.transport = job.request.transport;
    Response got = executor_->handle(std::move(read));
    if (got.status_code != model::Rsc::kOk) return got;  // gone, refused: the outcome
    // The next CSE's answer is read without trusting its shape.
    const Json* remote = memberObject(got.content, "m2m:req");
    std::optional<int64_t> rs = remote ? integerMember(*remote, "rs") : std::nullopt;
    if (rs == static_cast<int64_t>(RequestStatus::kCompleted) ||
        rs == static_cast<int64_t>(RequestStatus::kFailed)) {
      const Json* ors = memberObject(*remote, "ors");
      std::optional<int64_t> rsc = ors ? integerMember(*ors, "rsc") : std::nullopt;
      Response outcome;
      outcome.request_id = job.request.request_id;
      outcome.status_code = static_cast<model::Rsc>(rsc && *rsc >= 1000 && *rsc <= 6999 ? *rsc
                                                                                        : 5000);
      if (ors != nullptr && ors->contains("pc")) outcome.content = (*ors)["pc"];
      return outcome;
    }
    if (clock_.now() >= until) {
      return Response::fromStatus(
          Status(model::Rsc::kRequestTimeout,
                 "the forwarded request's <request> " + reference +
                     " did not complete in time; read it there",
                 "nonblocking.forwarded_timeout"),
          job.request.request_id);
    }
    delay = std::min(delay * 2, std::chrono::milliseconds(2000));
  }
}

void NonBlockingRequests::setStatus(const std::string& record_ri, RequestStatus status) {
  std::lock_guard lock(locks_.forId(record_ri));
  auto record = repository_.load(record_ri);
  if (!record.isOk()) return;
  record.value().attributes["rs"] = static_cast<int64_t>(status);
  record.value().attributes["lt"] = model::formatTimestamp(clock_.now());
  storage::WriteBatch batch;
  resources::ResourceRepository::stagePut(batch, record.value());
  if (Status committed = repository_.commit(batch); !committed.isOk()) {
    LOG_ERROR("non-blocking: <request> " << record_ri << " not updated: " << committed.dbg());
  }
}

void NonBlockingRequests::finish(const std::string& record_ri, RequestStatus status, Json ors) {
  std::lock_guard lock(locks_.forId(record_ri));
  auto record = repository_.load(record_ri);
  if (!record.isOk()) return;  // deleted or expired meanwhile: nobody asks any more
  recordOutcome(record.value(), status, std::move(ors), clock_.now());
  record.value().attributes.erase(std::string(resources::kRequestRunningField));
  storage::WriteBatch batch;
  resources::ResourceRepository::stagePut(batch, record.value());
  if (Status committed = repository_.commit(batch); !committed.isOk()) {
    LOG_ERROR("non-blocking: <request> " << record_ri << " not updated: " << committed.dbg());
  }
}

void NonBlockingRequests::notifyResult(const Job& job, const Response& response) {
  // TS-0004 §7.5.1.2.5: one NOTIFY per rtu entry, or to the originator without one; Content
  // is the response as m2m:rsp, From the CSE. The bindings cannot tell an absent rtu from an
  // empty one, so both notify the originator. Unreachable targets leave the result in the
  // <request> only.
  std::vector<std::string> entries = job.request.response_type.notification_uris;
  if (entries.empty()) entries.push_back(job.request.originator);
  Json rsp = operationResult(response, job.request.request_id, clock_.now());
  if (!response.release_version_indicator.empty()) rsp["rvi"] = response.release_version_indicator;
  for (const std::string& entry : entries) {
    for (const ResolvedTarget& target : targets_.resolve(entry)) {
      model::Request notify;
      notify.operation = model::Operation::kNotify;
      notify.to = target.url;
      notify.originator = identity_.cse_id;
      notify.request_id = random::unguessableId("nbr-");
      notify.release_version_indicator = "3";
      notify.content = Json{{"m2m:rsp", rsp}};
      target.adapt(notify);
      Response answer = sender_.send(target.url, notify);
      if (!model::isSuccess(answer.status_code)) {
        LOG_INFO("non-blocking rqi=" << model::logSafe(job.request.request_id)
                                     << ": result not delivered, rsc="
                                     << static_cast<int>(answer.status_code));
      }
    }
  }
}

}  // namespace citadel::engine
