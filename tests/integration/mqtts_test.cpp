// MQTT over TLS (issue 5 §4, TS-0010 §7.2): a Mosquitto with a TLS listener that requires client
// certificates and takes the certificate's CN as the user name, and an ACL that lets each AE
// publish only on its own request topic. The CSE connects with its certificate; an AE with its
// certificate is served; an AE publishing on another AE's topic is stopped by the broker (the
// originator of an MQTT request is the topic's, vouched for by the broker); a client without a
// certificate cannot connect; a CSE configured for TLS without a CA does not start.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "tests/support/cse_fixture.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

class MqttsTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    if (!mosquittoAvailable()) return;
    pki_ = std::make_unique<TempDir>();
    ASSERT_EQ(makeTestPki(pki_->path(), "Cae1 Cae2"), "");
    broker_ = std::make_unique<MosquittoBroker>(MosquittoConfig{}, false);
    std::ofstream(broker_->file("acl")) << "user id-in\ntopic readwrite #\n\n"
                                        << "pattern write /oneM2M/req/%u/#\n"
                                        << "pattern read /oneM2M/resp/%u/#\n";
    MosquittoConfig config;
    config.extra_lines = "cafile " + pki("ca.pem") + "\ncertfile " + pki("cse.pem") +
                         "\nkeyfile " + pki("cse.key") +
                         "\nrequire_certificate true\nuse_identity_as_username true\n"
                         "tls_version tlsv1.2\nacl_file " + broker_->file("acl") + "\n";
    broker_->setConfig(config);
    ASSERT_TRUE(broker_->start()) << broker_->log();
    startCse({"--mqtt.enabled=true",
              "--mqtt.broker=mqtts://127.0.0.1:" + std::to_string(broker_->port()),
              "--mqtt.caFile=" + pki("ca.pem"), "--mqtt.certificate=" + pki("cse.pem"),
              "--mqtt.privateKey=" + pki("cse.key"),
              "--mqtt.clientId=citadel-tls-" + std::to_string(::getpid())});
  }
  static void TearDownTestSuite() {
    stopCse();
    broker_.reset();
    pki_.reset();
  }
  void SetUp() override {
    if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
    CseFixture::SetUp();
  }

  static std::string pki(const std::string& name) { return pki_->file(name); }

  // Registers C<name> (rn <name>) unless a test before, in this process, did.
  void ensureAe(const std::string& name) {
    HttpResult r = http().create("C" + name, kCseBase, 2,
                                 {{"m2m:ae", {{"rn", name}, {"api", "Ntls"}, {"rr", false},
                                              {"srv", {"3"}}}}});
    ASSERT_TRUE(r.rsc == 2001 || r.rsc == 4105) << r;
  }

  // mosquitto_pub / mosquitto_sub options for a TLS client with `id`'s certificate.
  static std::vector<std::string> tlsArgs(const std::string& id) {
    std::vector<std::string> args = {"-h", "127.0.0.1", "-p", std::to_string(broker_->port()),
                                     "--cafile", pki("ca.pem"), "-q", "1"};
    if (!id.empty()) {
      args.insert(args.end(), {"--cert", pki(id + ".pem"), "--key", pki(id + ".key")});
    }
    return args;
  }

  // `id` publishes `request` on the request topic of `topic_id` and listens on its own response
  // topic; the first answer, or null.
  static Json exchange(const std::string& id, const std::string& topic_id, const Json& request) {
    std::vector<std::string> sub = {"/usr/bin/mosquitto_sub", "-d", "-C", "1", "-W", "5", "-t",
                                    "/oneM2M/resp/" + id + "/id-in/json"};
    std::vector<std::string> pub = {"/usr/bin/mosquitto_pub", "-t",
                                    "/oneM2M/req/" + topic_id + "/id-in/json", "-m",
                                    request.dump()};
    auto args = tlsArgs(id);
    sub.insert(sub.begin() + 1, args.begin(), args.end());
    pub.insert(pub.begin() + 1, args.begin(), args.end());
    return firstJsonLine(runWithSubscriber(sub, pub).output);
  }

  static std::unique_ptr<TempDir> pki_;
  static std::unique_ptr<MosquittoBroker> broker_;
};

std::unique_ptr<TempDir> MqttsTest::pki_;
std::unique_ptr<MosquittoBroker> MqttsTest::broker_;

TEST_F(MqttsTest, ServesAnAeOverTlsOnItsOwnTopic) {
  ensureAe("ae1");
  Json answer;
  // The CSE's TLS connection comes up in the background.
  ASSERT_TRUE(waitUntil([&] {
    answer = exchange("Cae1", "Cae1", {{"op", 2}, {"to", "cse-in/ae1"}, {"fr", "Cae1"},
                                       {"rqi", "t1"}, {"rvi", "3"}});
    return answer.is_object();
  }, std::chrono::seconds(20)));
  EXPECT_EQ(answer["rsc"], 2000) << answer;
  EXPECT_EQ(answer["pc"]["m2m:ae"]["aei"], "Cae1") << answer;
}

TEST_F(MqttsTest, TheBrokerStopsAnAePublishingAsAnother) {
  ensureAe("ae1");
  ensureAe("ae2");
  ASSERT_TRUE(waitUntil([&] {
    return exchange("Cae1", "Cae1", {{"op", 2}, {"to", "cse-in"}, {"fr", "Cae1"}, {"rqi", "w"},
                                     {"rvi", "3"}})
        .is_object();
  }, std::chrono::seconds(20)));
  // Cae1 (by its certificate) publishes on Cae2's request topic, claiming to be Cae2.
  std::vector<std::string> pub = {"/usr/bin/mosquitto_pub", "-t", "/oneM2M/req/Cae2/id-in/json",
                                  "-m",
                                  Json{{"op", 1}, {"to", "cse-in/ae2"}, {"fr", "Cae2"},
                                       {"rqi", "spoof"}, {"rvi", "3"}, {"ty", 3},
                                       {"pc", {{"m2m:cnt", {{"rn", "spoofed"}}}}}}
                                      .dump()};
  auto args = tlsArgs("Cae1");
  pub.insert(pub.begin() + 1, args.begin(), args.end());
  std::string output;
  runCommand(pub, &output);
  // The same request on its own topic, as Cae2, is served: the ACL, not the CSE, stopped it.
  Json own = exchange("Cae2", "Cae2", {{"op", 2}, {"to", "cse-in/ae2"}, {"fr", "Cae2"},
                                       {"rqi", "own"}, {"rvi", "3"}});
  EXPECT_EQ(own["rsc"], 2000) << own;
  EXPECT_EQ(http().retrieve(kAdmin, "/cse-in/ae2/spoofed").rsc, 4004)
      << "the spoofed CREATE never reached the CSE: " << output;
}

TEST_F(MqttsTest, NotifiesAnAeWhosePointOfAccessIsTheTlsBroker) {
  // An AE reachable through the broker over TLS (poa mqtts://…) gets its notifications there:
  // the CSE publishes the NOTIFY on /oneM2M/req/id-in/Cae3/json over its TLS connection.
  std::string poa = "mqtts://127.0.0.1:" + std::to_string(broker_->port());
  HttpResult ae = http().create("Cae3", kCseBase, 2,
                                {{"m2m:ae", {{"rn", "ae3"}, {"api", "Ntls"}, {"rr", true},
                                             {"srv", {"3"}}, {"poa", {poa}}}}});
  ASSERT_TRUE(ae.rsc == 2001 || ae.rsc == 4105) << ae;
  ASSERT_EQ(http().create("Cae3", "/cse-in/ae3", 3, {{"m2m:cnt", {{"rn", "c"}}}}).rsc, 2001);
  ASSERT_EQ(http().create("Cae3", "/cse-in/ae3/c", 23,
                          {{"m2m:sub", {{"rn", "s"}, {"nu", {"Cae3"}}, {"enc", {{"net", {3}}}}}}})
                .rsc,
            2001);
  // Listening as the CSE's identity (the ACL lets AEs read only their response topics).
  std::vector<std::string> sub = {"/usr/bin/mosquitto_sub", "-d", "-C", "1", "-W", "8", "-t",
                                  "/oneM2M/req/id-in/Cae3/json"};
  auto args = tlsArgs("cse");
  sub.insert(sub.begin() + 1, args.begin(), args.end());
  std::vector<std::string> trigger = {
      "/usr/bin/curl", "-s", "-X", "POST",
      "http://127.0.0.1:" + std::to_string(cse().port()) + "/cse-in/ae3/c",
      "-H", "X-M2M-Origin: Cae3", "-H", "X-M2M-RI: n1", "-H", "X-M2M-RVI: 3",
      "-H", "Content-Type: application/json;ty=4", "-d", R"({"m2m:cin": {"con": "tls"}})"};
  CommandOutput out = runWithSubscriber(sub, trigger);
  Json notify = firstJsonLine(out.output);
  ASSERT_TRUE(notify.is_object()) << out.output;
  EXPECT_EQ(notify.value("op", 0), 5) << notify;
  EXPECT_EQ(notify["pc"]["m2m:sgn"]["nev"]["rep"]["m2m:cin"].value("con", ""), "tls") << notify;
}

TEST_F(MqttsTest, RefusesAClientWithoutCertificate) {
  std::vector<std::string> pub = {"/usr/bin/mosquitto_pub", "-t", "/oneM2M/req/Cx/id-in/json",
                                  "-m", "{}"};
  auto args = tlsArgs("");
  pub.insert(pub.begin() + 1, args.begin(), args.end());
  std::string output;
  EXPECT_NE(runCommand(pub, &output), 0) << output;
}

TEST(MqttsStartupTest, RefusesTlsBrokerWithoutCaInOneLine) {
  TempDir dir;
  int code = 0;
  std::string out = runShell(std::string(CITADEL_BINARY) +
                                 " --http.port=0 --mqtt.enabled=true --mqtt.broker=mqtts://127.0.0.1:1"
                                 " --storage.path=" + dir.file("db"),
                             &code);
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("mqtt.caFile"), std::string::npos) << out;
}

}  // namespace
}  // namespace citadel::testing
