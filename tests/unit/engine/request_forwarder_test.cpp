// RequestForwarder (TS-0004 §7.3.2.6): what the next CSE receives, where it is sent for each
// binding's point of access, and what the originator gets back. The exchange between two real
// CSEs is tests/integration/cse_forwarding_test.cpp.
#include "cse/engine/forwarding/request_forwarder.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "tests/support/in_process_cse.h"

namespace citadel::engine {
namespace {

using model::Request;
using model::Response;
using model::Rsc;

// Records what it is asked to send; answers from a script, one per call (then 2000).
class ScriptedSender final : public model::PrimitiveSender {
 public:
  explicit ScriptedSender(std::vector<Rsc> answers = {}) : answers_(std::move(answers)) {}
  Response send(const std::string& target_uri, const Request& request) override {
    std::lock_guard lock(mutex_);
    sent.emplace_back(target_uri, request);
    Response response;
    response.status_code = answers_.size() >= sent.size() ? answers_[sent.size() - 1] : Rsc::kOk;
    response.request_id = request.request_id;
    response.content = {{"m2m:cb", {{"rn", "cse-in"}}}};
    return response;
  }
  std::vector<std::pair<std::string, Request>> sent;

 private:
  std::vector<Rsc> answers_;
  std::mutex mutex_;
};

resources::CseIdentity mn() { return {"/id-mn", "cse-mn", "citadel.example.com", "CAdmin"}; }

resources::CseRoute route(std::vector<std::string> poa, bool release1 = false) {
  resources::CseRoute r;
  r.next_cse_id = "/id-in";
  r.target_cse_id = "/id-in";
  r.points_of_access = std::move(poa);
  r.release1 = release1;
  return r;
}

Request retrieveFrom(const std::string& originator) {
  Request r;
  r.operation = model::Operation::kRetrieve;
  r.to = "/id-in/cse-in/cnt";
  r.originator = originator;
  r.request_id.assign(std::string_view("originator-chose-this"));
  r.release_version_indicator.assign(std::string_view("3"));
  r.vendor_information.assign(std::string_view("vendor"));
  return r;
}

TEST(RequestForwarderTest, TargetUriFollowsEachBindingsAddressForm) {
  EXPECT_EQ(RequestForwarder::targetUri("http://127.0.0.1:8080", "/id-in/cse-in/x", "/id-in"),
            "http://127.0.0.1:8080/~/id-in/cse-in/x");
  EXPECT_EQ(RequestForwarder::targetUri("https://h:8443/", "//sp.com/id-in/x", "/id-in"),
            "https://h:8443/_/sp.com/id-in/x");
  EXPECT_EQ(RequestForwarder::targetUri("coap://[::1]:5683", "/id-in/cse-in", "/id-in"),
            "coap://[::1]:5683/~/id-in/cse-in");
  EXPECT_EQ(RequestForwarder::targetUri("mqtt://127.0.0.1:1883", "/id-in/cse-in", "/id-in"),
            "mqtt://127.0.0.1:1883/id-in");
  EXPECT_EQ(RequestForwarder::targetUri("mqtts://b:8883/ignored", "/id-in/x", "/id-in"),
            "mqtts://b:8883/id-in");
  EXPECT_EQ(RequestForwarder::targetUri("ftp://h/x", "/id-in/x", "/id-in"), "");
  EXPECT_EQ(RequestForwarder::targetUri("http://h", "cse-relative", "/id-in"), "");
}

TEST(RequestForwarderTest, SendsAnSpRelativeOriginatorAndItsOwnRequestId) {
  testing::FakeClock clock;
  resources::CseIdentity identity = mn();
  ScriptedSender sender;
  RequestForwarder forwarder(sender, identity, clock);
  Request request = retrieveFrom("Cae");
  request.request_expiration_timestamp = "5000";  // relative: 5 s from now
  request.result_expiration_timestamp = "20270101T000010";
  Response answer = forwarder.forward(request, "Cae", route({"http://127.0.0.1:8080"}));
  ASSERT_EQ(sender.sent.size(), 1u);
  const Request& out = sender.sent[0].second;
  EXPECT_EQ(sender.sent[0].first, "http://127.0.0.1:8080/~/id-in/cse-in/cnt");
  EXPECT_EQ(out.originator, "/id-mn/Cae");
  EXPECT_EQ(out.to, request.to);
  EXPECT_NE(out.request_id, request.request_id);
  EXPECT_TRUE(out.request_id.starts_with("fwd-")) << out.request_id;
  EXPECT_GE(out.request_id.size(), 4u + 32u);  // 128 random bits in hex
  EXPECT_EQ(out.request_expiration_timestamp, "20270101T000005");
  EXPECT_EQ(out.result_expiration_timestamp, "20270101T000010");
  EXPECT_EQ(out.release_version_indicator, "3");
  EXPECT_EQ(out.vendor_information, "vendor");
  // The originator gets the answer under its own rqi.
  EXPECT_EQ(answer.status_code, Rsc::kOk);
  EXPECT_EQ(answer.request_id, "originator-chose-this");
  EXPECT_EQ(answer.content["m2m:cb"]["rn"], "cse-in");
}

TEST(RequestForwarderTest, KeepsAnSpRelativeOriginatorAndTheAdminBecomesAnAeIdElsewhere) {
  testing::FakeClock clock;
  resources::CseIdentity identity = mn();
  ScriptedSender sender;
  RequestForwarder forwarder(sender, identity, clock);
  forwarder.forward(retrieveFrom("/id-asn/Cdev"), "/id-asn/Cdev", route({"http://h:1"}));
  forwarder.forward(retrieveFrom("CAdmin"), "CAdmin", route({"http://h:1"}));
  ASSERT_EQ(sender.sent.size(), 2u);
  EXPECT_EQ(sender.sent[0].second.originator, "/id-asn/Cdev");
  EXPECT_EQ(sender.sent[1].second.originator, "/id-mn/CAdmin");
  // Two forwards never share a request ID.
  EXPECT_NE(sender.sent[0].second.request_id, sender.sent[1].second.request_id);
}

TEST(RequestForwarderTest, ARelease1NextCseGetsNoRviNorVsi) {
  testing::FakeClock clock;
  resources::CseIdentity identity = mn();
  ScriptedSender sender;
  RequestForwarder forwarder(sender, identity, clock);
  forwarder.forward(retrieveFrom("Cae"), "Cae", route({"http://h:1"}, /*release1=*/true));
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(sender.sent[0].second.release_version_indicator, "");
  EXPECT_EQ(sender.sent[0].second.vendor_information, "");
}

TEST(RequestForwarderTest, TriesEachPointOfAccessInTurnAnd5103WhenNoneAnswers) {
  testing::FakeClock clock;
  resources::CseIdentity identity = mn();
  {
    ScriptedSender sender({Rsc::kTargetNotReachable, Rsc::kRequestTimeout, Rsc::kOk});
    RequestForwarder forwarder(sender, identity, clock);
    Response answer = forwarder.forward(
        retrieveFrom("Cae"), "Cae",
        route({"http://a:1", "gopher://b", "coap://c:5683", "mqtt://d:1883"}));
    EXPECT_EQ(answer.status_code, Rsc::kOk);
    ASSERT_EQ(sender.sent.size(), 3u);  // the gopher poa is skipped, not sent to
    EXPECT_EQ(sender.sent[1].first, "coap://c:5683/~/id-in/cse-in/cnt");
    EXPECT_EQ(sender.sent[2].first, "mqtt://d:1883/id-in");
  }
  {
    ScriptedSender sender({Rsc::kTargetNotReachable, Rsc::kTargetNotReachable});
    RequestForwarder forwarder(sender, identity, clock);
    Response answer =
        forwarder.forward(retrieveFrom("Cae"), "Cae", route({"http://a:1", "http://b:1"}));
    EXPECT_EQ(answer.status_code, Rsc::kTargetNotReachable);
    EXPECT_EQ(answer.request_id, "originator-chose-this");
  }
  {
    ScriptedSender sender;
    RequestForwarder forwarder(sender, identity, clock);
    Response answer = forwarder.forward(retrieveFrom("Cae"), "Cae", route({}));
    EXPECT_EQ(answer.status_code, Rsc::kTargetNotReachable);
    EXPECT_TRUE(sender.sent.empty());
  }
  {
    // The next CSE's own error answers are the originator's answer, not a reason to retry.
    ScriptedSender sender({Rsc::kOriginatorHasNoPrivilege});
    RequestForwarder forwarder(sender, identity, clock);
    Response answer =
        forwarder.forward(retrieveFrom("Cae"), "Cae", route({"http://a:1", "http://b:1"}));
    EXPECT_EQ(answer.status_code, Rsc::kOriginatorHasNoPrivilege);
    EXPECT_EQ(sender.sent.size(), 1u);
  }
}

// Sends every request straight back into the forwarder: a poa that leads back to this CSE.
class LoopingSender final : public model::PrimitiveSender {
 public:
  Response send(const std::string&, const Request& request) override {
    ++calls;
    return forwarder->forward(request, request.originator, route({"http://self:1"}));
  }
  RequestForwarder* forwarder = nullptr;
  int calls = 0;
};

TEST(RequestForwarderTest, AForwardThatComesBackIsRefusedAtOnce) {
  testing::FakeClock clock;
  resources::CseIdentity identity = mn();
  LoopingSender sender;
  RequestForwarder forwarder(sender, identity, clock);
  sender.forwarder = &forwarder;
  Response answer = forwarder.forward(retrieveFrom("Cae"), "Cae", route({"http://self:1"}));
  EXPECT_EQ(sender.calls, 1);  // came back once, not sent again
  EXPECT_EQ(answer.status_code, Rsc::kTargetNotReachable);
  EXPECT_EQ(answer.reason, "forward.loop");
  EXPECT_EQ(answer.request_id, "originator-chose-this");
}

// Holds every send until released.
class HeldSender final : public model::PrimitiveSender {
 public:
  Response send(const std::string&, const Request& request) override {
    std::unique_lock lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return released_; });
    Response response;
    response.status_code = Rsc::kOk;
    response.request_id = request.request_id;
    return response;
  }
  void waitForSends(int count) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return waiting_ >= count; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int waiting_ = 0;
  bool released_ = false;
};

TEST(RequestForwarderTest, AtMostMaxInFlightForwardsWaitAtOnce) {
  testing::FakeClock clock;
  resources::CseIdentity identity = mn();
  HeldSender sender;
  RequestForwarder forwarder(sender, identity, clock, /*max_in_flight=*/2);
  std::vector<std::thread> waiting;
  std::vector<Response> answers(2);
  for (int i = 0; i < 2; ++i) {
    waiting.emplace_back([&, i] {
      answers[i] = forwarder.forward(retrieveFrom("Cae"), "Cae", route({"http://slow:1"}));
    });
  }
  sender.waitForSends(2);
  Response third = forwarder.forward(retrieveFrom("Cae"), "Cae", route({"http://slow:1"}));
  EXPECT_EQ(third.status_code, Rsc::kTargetNotReachable);
  EXPECT_EQ(third.reason, "forward.busy");
  sender.release();
  for (auto& thread : waiting) thread.join();
  for (const auto& answer : answers) EXPECT_EQ(answer.status_code, Rsc::kOk);
  // The slots are free again.
  EXPECT_EQ(forwarder.forward(retrieveFrom("Cae"), "Cae", route({"http://slow:1"})).status_code,
            Rsc::kOk);
}

}  // namespace
}  // namespace citadel::engine
