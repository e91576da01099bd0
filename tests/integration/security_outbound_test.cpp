// Issue 15 #2 and #3, against the real binary over a real Mosquitto: what the CSE originates
// (subscription verifications, DAS consultations) is answered only by the entity it went to,
// its request IDs are unguessable, and an originator-written mqtt:// URI neither receives the
// CSE's broker credentials nor, by default, makes the CSE connect to a foreign broker at all.
//
// The attacker is an MqttParticipant: an entity on the open broker that reads the CSE's request
// (so it even knows the rqi) and answers it on its own response topic.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <optional>
#include <regex>
#include <thread>

#include "tests/support/cse_fixture.h"
#include "tests/support/das_process.h"
#include "tests/support/mqtt_participant.h"
#include "tests/support/temp_dir.h"
#include "tests/support/trickling_http_target.h"

namespace citadel::testing {
namespace {

constexpr const char* kBrokerUser = "cse";
constexpr const char* kBrokerPassword = "s3cret-of-the-cse";

// "mqtt://127.0.0.1:<port>/<target>" for `broker`.
std::string mqttTarget(const MosquittoBroker& broker, const std::string& target) {
  return broker.mqttUri() + "/" + target;
}

// A Mosquitto that admits only kBrokerUser with kBrokerPassword: the CSE's own credentials, as
// a foreign broker run by the attacker would want to collect them.
std::unique_ptr<MosquittoBroker> passwordBroker() {
  MosquittoConfig config;
  config.allow_anonymous = false;
  auto broker = std::make_unique<MosquittoBroker>(config, /*start_now=*/false);
  std::string passwords = broker->file("passwords");
  std::string output;
  EXPECT_EQ(
      runCommand({"/usr/bin/mosquitto_passwd", "-c", "-b", passwords, kBrokerUser, kBrokerPassword},
                 &output),
      0)
      << output;
  config.extra_lines = "password_file " + passwords;
  broker->setConfig(config);
  EXPECT_TRUE(broker->start()) << broker->log();
  return broker;
}

// The attacker: waits for the CSE's request on `request_filter`, then answers it from
// `forger` (its own response topic, its own fr) with `pc`. Returns the rqi it saw ("" when no
// request came).
std::future<std::string> forgeResponse(MqttParticipant& attacker, const std::string& forger,
                                       Json pc = nullptr) {
  return std::async(std::launch::async, [&attacker, forger, pc] {
    std::optional<MqttMessageSeen> request = attacker.next(std::chrono::seconds(15));
    if (!request) return std::string();
    Json primitive = Json::parse(request->payload, nullptr, false);
    if (!primitive.is_object() || !primitive.contains("rqi")) return std::string();
    std::string rqi = primitive["rqi"].get<std::string>();
    Json response = {{"rsc", 2000}, {"rqi", rqi}, {"fr", forger}, {"rvi", "3"}};
    if (!pc.is_null()) response["pc"] = pc;
    attacker.publish("/oneM2M/resp/id-in/" + forger + "/json", response.dump());
    return rqi;
  });
}

// How often `needle` occurs in `text`.
size_t countOf(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// True when `rqi` is a prefix and at least 24 hex digits (96 bits), e.g. "ntf-3f09…".
bool looksUnguessable(const std::string& rqi) {
  return std::regex_match(rqi, std::regex("[a-z]+-[0-9a-f]{24,}"));
}

class SecurityOutboundTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    broker_ = &MosquittoBroker::shared();
    startCse({"--mqtt.enabled=true", "--mqtt.broker=" + broker_->uri(),
              "--mqtt.clientId=citadel-outbound-" + std::to_string(::getpid()),
              std::string("--mqtt.username=") + kBrokerUser,
              std::string("--mqtt.password=") + kBrokerPassword, "--notification.timeout=1500",
              "--das.timeout=3000"});
  }

  void SetUp() override {
    if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    // The CSE's MQTT sender rides on its binding's connection: wait until it is up.
    connectBindingClient("mqtt", *broker_, client_);
  }

  static inline MosquittoBroker* broker_ = nullptr;
  std::unique_ptr<BindingClient> client_;
};

// Before: the CSE matched the response by rqi alone and created the subscription (2001) on the
// forger's word; its rqi was "ntf-<n>". Now the forged answer is dropped, the real target never
// answers, and the verification fails.
TEST_F(SecurityOutboundTest, VerificationAnsweredByAnotherEntityFails) {
  Ae ae = registerAe("ver");
  std::string container = createContainer(ae.id, ae.path);
  std::string victim = uniqueName("Cvictim");
  MqttParticipant attacker(broker_->uri(), {"/oneM2M/req/id-in/" + victim + "/+"});
  ASSERT_TRUE(attacker.connected()) << attacker.error();
  std::future<std::string> seen = forgeResponse(attacker, uniqueName("Cmallory"));

  HttpResult sub = http().create(
      ae.id, container, 23,
      {{"m2m:sub", {{"rn", uniqueName("sub")}, {"nu", {mqttTarget(*broker_, victim)}}}}});
  std::string rqi = seen.get();
  ASSERT_FALSE(rqi.empty()) << "the CSE published no verification request";
  EXPECT_TRUE(looksUnguessable(rqi)) << rqi;
  EXPECT_EQ(sub.rsc, 5204) << sub;  // SUBSCRIPTION_VERIFICATION_INITIATION_FAILED
}

// Before: a participant that answered the DAS consultation first granted the request (2000);
// the real DAS's denial came too late. Now only the DAS's own answer counts: 4103.
TEST_F(SecurityOutboundTest, DasGrantForgedByAnotherEntityIsIgnored) {
  TempDir dir("citadel-outbound-das");
  std::ofstream(dir.file("policy")) << "* * * deny delay=500\n";
  std::string das_id = "das" + std::to_string(::getpid());
  DasProcess das({"--policy=" + dir.file("policy"), "--allow=/id-in",
                  "--mqtt.broker=" + broker_->uri(), "--mqtt.id=" + das_id});
  ASSERT_TRUE(das.running());
  HttpResult dac = http().create(
      kAdmin, kCseBase, 34,
      {{"m2m:dac",
        {{"rn", uniqueName("dac")}, {"dae", true}, {"dap", {mqttTarget(*broker_, das_id)}}}}});
  ASSERT_EQ(dac.rsc, 2001) << dac;
  // Only the admin (its creator) may use this container; the DAS decides for anyone else.
  std::string container =
      createContainer(kAdmin, kCseBase, {{"daci", {dac.resource().value("ri", "")}}});
  Ae ae = registerAe("das");
  MqttParticipant attacker(broker_->uri(), {"/oneM2M/req/id-in/" + das_id + "/+"});
  ASSERT_TRUE(attacker.connected()) << attacker.error();
  Json grant = {{"m2m:seci",
                 {{"sit", 2},
                  {"dres", {{"dai", {{"gp", {{"acr", {{{"acor", {"all"}}, {"acop", 63}}}}}}}}}}}}};
  std::future<std::string> seen = forgeResponse(attacker, uniqueName("Cmallory"), grant);

  HttpResult read = http().retrieve(ae.id, container);
  std::string rqi = seen.get();
  ASSERT_FALSE(rqi.empty()) << "the CSE published no DAS consultation";
  EXPECT_TRUE(looksUnguessable(rqi)) << rqi;  // was "das-<n>", a counter from 0
  EXPECT_EQ(read.rsc, 4103) << read;
}

// Before: the CSE connected to the foreign broker named in nu with mqtt.username/password (the
// broker's log shows the user). Now it refuses the broker without connecting (5103 from the
// target, so the verification fails) and the broker never sees it.
TEST_F(SecurityOutboundTest, ForeignBrokerInNuGetsNoConnectionAndNoCredentials) {
  auto foreign = passwordBroker();
  ASSERT_TRUE(foreign->running()) << foreign->log();
  Ae ae = registerAe("frn");
  std::string container = createContainer(ae.id, ae.path);
  HttpResult sub = http().create(
      ae.id, container, 23,
      {{"m2m:sub", {{"rn", uniqueName("sub")}, {"nu", {mqttTarget(*foreign, "Cvictim")}}}}});
  EXPECT_EQ(sub.rsc, 5204) << sub;
  EXPECT_NE(sub.dbg().find("5103"), std::string::npos) << sub;
  std::string log = foreign->log();
  EXPECT_EQ(log.find(std::string("u'") + kBrokerUser), std::string::npos) << log;
  // One connection only: MosquittoBroker's own readiness probe.
  EXPECT_EQ(countOf(log, "New connection from"), 1u) << log;
}

// Issue 15 #19: a verification target that trickles its HTTP answer a byte at a time (each well
// inside the read timeout) held the CSE's request for the whole trickle (30 s); the exchange now
// ends at its deadline (notification.timeout for connecting plus as much for the answer).
TEST_F(SecurityOutboundTest, TricklingVerificationTargetIsCutOffAtTheDeadline) {
  TricklingHttpTarget target;
  Ae ae = registerAe("trk");
  std::string container = createContainer(ae.id, ae.path);
  std::string nu = "http://127.0.0.1:" + std::to_string(target.port()) + "/notify";
  HttpResult sub =
      http().create(ae.id, container, 23, {{"m2m:sub", {{"rn", uniqueName("sub")}, {"nu", {nu}}}}});
  target.join();
  EXPECT_EQ(sub.rsc, 5204) << sub;
  EXPECT_NE(sub.dbg().find("4008"), std::string::npos) << sub;
  EXPECT_LT(target.trickled(), TricklingHttpTarget::kBytes);
}

// With mqtt.foreignBrokers naming it, the CSE connects to a foreign broker, but without the
// credentials of its own broker: the password broker refuses the anonymous connection.
class SecurityOutboundAllowListTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    foreign_ = passwordBroker().release();
    startCse({"--mqtt.broker=tcp://127.0.0.1:1", "--mqtt.username=" + std::string(kBrokerUser),
              "--mqtt.password=" + std::string(kBrokerPassword),
              "--mqtt.clientId=citadel-allowed-" + std::to_string(::getpid()),
              "--mqtt.foreignBrokers=127.0.0.1:" + std::to_string(foreign_->port()),
              "--notification.timeout=1500"});
  }
  static void TearDownTestSuite() {
    CseFixture::TearDownTestSuite();
    delete foreign_;
    foreign_ = nullptr;
  }
  void SetUp() override {
    if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
    CseFixture::SetUp();
  }

  static inline MosquittoBroker* foreign_ = nullptr;
};

TEST_F(SecurityOutboundAllowListTest, ConnectsToAllowedForeignBrokerWithoutCredentials) {
  ASSERT_TRUE(foreign_ != nullptr && foreign_->running());
  Ae ae = registerAe("alw");
  std::string container = createContainer(ae.id, ae.path);
  HttpResult sub = http().create(
      ae.id, container, 23,
      {{"m2m:sub", {{"rn", uniqueName("sub")}, {"nu", {mqttTarget(*foreign_, "Cvictim")}}}}});
  EXPECT_EQ(sub.rsc, 5204) << sub;  // the broker refuses a client without credentials
  std::string log = foreign_->log();
  // It did connect (Mosquitto names a refused client "<unknown>"), without the credentials.
  EXPECT_NE(log.find("disconnected, not authorised"), std::string::npos) << log;
  EXPECT_EQ(log.find(std::string("u'") + kBrokerUser), std::string::npos) << log;
  EXPECT_EQ(log.find("New client connected"), std::string::npos) << log;
}

}  // namespace
}  // namespace citadel::testing
