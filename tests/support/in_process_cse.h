#pragma once
// InProcessCse: the CSE assembly of cse/main.cpp (app::Cse), in the test process, on a
// MemoryStore, a FakeClock and a RecordingSender instead of RocksDB, the system clock and the
// bindings' senders, with no binding started. For unit tests of the engine (tests/unit/engine/)
// that drive expiry and notification policies by advancing the clock instead of sleeping
// (STYLE.md §8).
//
// Header-only on purpose: citadel_test_support is linked after citadel_app in the unit-test
// executables, so symbols referenced from a support .cpp would not resolve; inline code
// compiled into the test itself links like the test does.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cse/app/cse.h"
#include "cse/model/clock.h"
#include "cse/model/ports.h"
#include "storage/memory_store.h"

namespace citadel::testing {

// A Clock that only moves when told to. Thread-safe.
class FakeClock final : public model::Clock {
 public:
  // 2027-01-01T00:00:00Z: whole seconds, so formatted timestamps are exact.
  static model::TimePoint defaultStart() {
    return model::TimePoint(std::chrono::seconds(1798761600));
  }
  explicit FakeClock(model::TimePoint start = defaultStart()) : now_(start) {}

  model::TimePoint now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void advance(std::chrono::milliseconds by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }
  void set(model::TimePoint to) {
    std::lock_guard lock(mutex_);
    now_ = to;
  }
  // formatTimestamp(now() + offset): an et/crb value relative to the fake now.
  std::string timestamp(std::chrono::seconds offset = std::chrono::seconds(0)) const {
    return model::formatTimestamp(now() + offset);
  }

 private:
  mutable std::mutex mutex_;
  model::TimePoint now_;
};

// A PrimitiveSender that records what the engine sends and answers with a configurable rsc per
// target (2000 by default). A target can be blocked: send() then waits until unblock().
// Thread-safe.
class RecordingSender final : public model::PrimitiveSender {
 public:
  struct Sent {
    std::string target;
    model::Request request;
    std::chrono::steady_clock::time_point at;
    // A copy (see ReceivedRequest::sgn in notification_receiver.h): chained [] on a missing
    // member then fails the test instead of reading a const object out of bounds.
    model::Json sgn() const {
      return request.content.is_object() && request.content.contains("m2m:sgn")
                 ? request.content["m2m:sgn"]
                 : model::Json();
    }
    bool isVerification() const { return sgn().is_object() && sgn().value("vrq", false); }
    bool isDeletion() const { return sgn().is_object() && sgn().value("sud", false); }
    bool isEvent() const {
      return (request.content.is_object() && request.content.contains("m2m:agn")) ||
             (sgn().is_object() && sgn().contains("nev"));
    }
  };

  ~RecordingSender() override { unblockAll(); }

  model::Response send(const std::string& target, const model::Request& request) override {
    model::Response response;
    std::unique_lock lock(mutex_);
    sent_.push_back({target, request, std::chrono::steady_clock::now()});
    changed_.notify_all();
    changed_.wait(lock, [&] { return released_ || !blocked_.count(target); });
    auto it = rsc_.find(target);
    response.status_code = it == rsc_.end() ? model::Rsc::kOk : it->second;
    response.request_id = request.request_id;
    return response;
  }

  void setRsc(const std::string& target, model::Rsc rsc) {
    std::lock_guard lock(mutex_);
    rsc_[target] = rsc;
  }
  void block(const std::string& target) {
    std::lock_guard lock(mutex_);
    blocked_.insert({target, true});
  }
  void unblock(const std::string& target) {
    {
      std::lock_guard lock(mutex_);
      blocked_.erase(target);
    }
    changed_.notify_all();
  }
  void unblockAll() {
    {
      std::lock_guard lock(mutex_);
      released_ = true;
      blocked_.clear();
    }
    changed_.notify_all();
  }

  std::vector<Sent> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  std::vector<Sent> sentTo(const std::string& target) const {
    std::lock_guard lock(mutex_);
    std::vector<Sent> out;
    for (const auto& s : sent_) {
      if (s.target == target) {
        out.push_back(s);
      }
    }
    return out;
  }
  std::vector<Sent> eventsTo(const std::string& target) const {
    std::vector<Sent> out;
    for (auto& s : sentTo(target)) {
      if (s.isEvent()) {
        out.push_back(std::move(s));
      }
    }
    return out;
  }
  // Waits (bounded) until `predicate` holds over everything sent so far.
  bool waitFor(const std::function<bool(const std::vector<Sent>&)>& predicate,
               std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return predicate(sent_); });
  }
  bool waitForEvents(const std::string& target, size_t count, std::chrono::milliseconds timeout) {
    return waitFor(
        [&](const std::vector<Sent>& all) {
          size_t n = 0;
          for (const auto& s : all) {
            n += s.target == target && s.isEvent() ? 1 : 0;
          }
          return n >= count;
        },
        timeout);
  }
  bool waitForCount(const std::string& target, size_t count, std::chrono::milliseconds timeout) {
    return waitFor(
        [&](const std::vector<Sent>& all) {
          size_t n = 0;
          for (const auto& s : all) {
            n += s.target == target ? 1 : 0;
          }
          return n >= count;
        },
        timeout);
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Sent> sent_;
  std::map<std::string, model::Rsc> rsc_;
  std::map<std::string, bool> blocked_;
  bool released_ = false;
};

struct InProcessOptions {
  size_t workers = 2;
  std::chrono::milliseconds tick{10};               // notification timer resolution
  std::chrono::seconds default_batch_duration{10};  // notification.batchDuration
  // Tokens, roles and DAS consultation (security/authorization_services.h); nullptr: off. The
  // caller may fill it in after construction (a TokenVerifier needs clock()).
  const security::AuthorizationServices* authorization = nullptr;
};

// The assembly of cse/main.cpp on a MemoryStore, with the reaper not started (call runOnce()).
class InProcessCse {
 public:
  static constexpr const char* kAdmin = "CAdmin";

  explicit InProcessCse(InProcessOptions options = {}) {
    engine::Config config;  // the defaults: id-in, cse-in, citadel.example.com, CAdmin
    config.http_enabled = false;  // no binding: requests go straight to handle()
    app::CseEnvironment environment;
    environment.store = &store_;
    environment.clock = &clock_;
    environment.notification_sender = &sender_;
    environment.authorization = options.authorization;
    environment.notification_options = notificationOptions(options);
    environment.start_expiry_reaper = false;
    auto started = app::Cse::start(config, environment);
    EXPECT_TRUE(started.isOk()) << started.status().dbg();
    if (started.isOk()) {
      cse_ = std::move(started).value();
    }
  }
  ~InProcessCse() {
    sender_.unblockAll();  // a blocked delivery would hold stop()
    cse_.reset();
  }

  InProcessCse(const InProcessCse&) = delete;
  InProcessCse& operator=(const InProcessCse&) = delete;

  model::Response handle(model::Request request) { return cse_->handler().handle(std::move(request)); }

  model::Response send(model::Operation op, const std::string& from, const std::string& to,
                       std::optional<uint16_t> ty = std::nullopt, model::Json content = nullptr) {
    model::Request request;
    request.operation = op;
    request.to = to;
    request.originator = from;
    request.request_id = "ip-" + std::to_string(++counter_);
    request.release_version_indicator = "3";
    request.resource_type = ty;
    request.content = std::move(content);
    request.transport.binding = model::Binding::kHttp;  // a client's request, not the CSE's own
    request.transport.from_loopback = true;
    request.transport.peer_address = "127.0.0.1";
    return handle(std::move(request));
  }
  model::Response create(const std::string& from, const std::string& to, uint16_t ty,
                         model::Json content) {
    return send(model::Operation::kCreate, from, to, ty, std::move(content));
  }
  model::Response retrieve(const std::string& from, const std::string& to) {
    return send(model::Operation::kRetrieve, from, to);
  }
  model::Response update(const std::string& from, const std::string& to, model::Json content) {
    return send(model::Operation::kUpdate, from, to, std::nullopt, std::move(content));
  }
  model::Response remove(const std::string& from, const std::string& to) {
    return send(model::Operation::kDelete, from, to);
  }

  // Registers AE `name` (originator "C<name>", rr false unless given) and returns its
  // originator; its structured ID is "cse-in/<name>".
  std::string registerAe(const std::string& name, bool rr = false,
                         model::Json poa = model::Json::array()) {
    std::string stem = "C" + name;
    model::Json ae = {{"rn", name}, {"api", "N" + name}, {"rr", rr}, {"srv", {"3"}}};
    if (!poa.empty()) {
      ae["poa"] = poa;
    }
    model::Response r = create(stem, "cse-in", 2, {{"m2m:ae", ae}});
    EXPECT_EQ(r.status_code, model::Rsc::kCreated) << r.content.dump();
    return stem;
  }

  // The resource's attributes (inside the root), null when the RETRIEVE fails.
  model::Json attributesOf(const std::string& to, const std::string& from = kAdmin) {
    model::Response r = retrieve(from, to);
    if (r.status_code != model::Rsc::kOk || !r.content.is_object() || r.content.size() != 1) {
      return nullptr;
    }
    return r.content.begin().value();
  }
  bool exists(const std::string& to) { return retrieve(kAdmin, to).status_code == model::Rsc::kOk; }

  FakeClock& clock() { return clock_; }
  RecordingSender& sender() { return sender_; }
  engine::ExpiryReaper& reaper() { return cse_->reaper(); }
  engine::NotificationService& notifications() { return cse_->notifications(); }
  engine::Dispatcher& dispatcher() { return cse_->dispatcher(); }
  resources::ResourceRepository& repository() { return cse_->repository(); }
  const resources::CseIdentity& identity() const { return cse_->identity(); }

 private:
  static engine::NotificationOptions notificationOptions(const InProcessOptions& options) {
    engine::NotificationOptions n;
    n.delivery.workers = options.workers;
    n.delivery.retry_delay = std::chrono::milliseconds(10);
    n.tick = options.tick;
    n.default_batch_duration = options.default_batch_duration;
    return n;
  }

  int counter_ = 0;
  storage::MemoryStore store_;
  FakeClock clock_;
  RecordingSender sender_;
  std::unique_ptr<app::Cse> cse_;  // last: built on the members above, destroyed first
};

}  // namespace citadel::testing
