// The reference DAS (citadel-das) and the token CLI (citadel-token) as real subprocesses: the
// DAS answers NOTIFY requests over HTTP (and CoAP and MQTT) from its policy file; a hostile
// policy stops its start-up; citadel-token's keys and tokens verify with the CSE's own
// TokenVerifier. Each test sends its own originator, so none depends on another's state.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <thread>

#include "resources/cse_identity.h"
#include "security/token/token_verifier.h"
#include "tests/support/coap_client.h"
#include "tests/support/das_process.h"
#include "tests/support/http_client.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

const std::string kIssuer = "das.example.com";
const std::string kCse = "/id-in";
const resources::CseIdentity kIdentity{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};

std::string tokenBinary() { return DasProcess::tokenBinary(); }

// The policy every DAS of this suite runs: one rule per behaviour under test.
constexpr const char* kPolicy =
    "# citadel-das integration policy\n"
    "Cgrant*   *      R    grant pl=60\n"
    "Conce*    cnt*   CRUD grant-once\n"
    "Ctoken*   *      *    token ttl=300\n"
    "Cslow*    *      R    grant-once delay=400\n"
    "*         *      *    deny\n";

Json dreqContent(const std::string& originator, int op, const std::string& target) {
  return {{"m2m:seci",
           {{"sit", 1}, {"dreq", {{"or", originator}, {"trt", 3}, {"op", op}, {"trid", target}}}}}};
}

class DasToolTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir("citadel-das-it");
    // The issuer key comes from the CLI's own keygen.
    ProcessOutput keygen =
        runProcess({tokenBinary(), "keygen", "--alg=ES256", "--out=" + dir_->path()});
    ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
    std::ofstream(dir_->file("policy")) << kPolicy;
    das_ = new DasProcess({"--policy=" + dir_->file("policy"), "--allow=" + kCse,
                           "--issuer=" + kIssuer, "--key=" + keyPath(), "--audience=" + kCse,
                           "--coap.port=0"});
  }

  static void TearDownTestSuite() {
    delete das_;
    das_ = nullptr;
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(das_, nullptr);
    ASSERT_NE(das_->httpPort(), 0) << "citadel-das did not start";
    http_ = std::make_unique<HttpClient>(das_->httpPort());
  }

  static std::string keyPath() { return dir_->file("issuer.key.pem"); }
  static std::string publicKeyPath() { return dir_->file("issuer.pub.pem"); }

  // POST (NOTIFY) of `content` from `from` to the DAS.
  HttpResult notify(const std::string& from, const Json& content) {
    return notifyRaw(from, content.dump());
  }
  HttpResult notifyRaw(const std::string& from, const std::string& body) {
    return http_->raw("POST", "/",
                      {{"X-M2M-Origin", from},
                       {"X-M2M-RI", HttpClient::nextRequestId()},
                       {"X-M2M-RVI", "3"},
                       {"Content-Type", "application/json"}},
                      body);
  }

  static const Json& dres(const HttpResult& r) { return r.json["m2m:seci"]["dres"]; }

  static security::token::TokenVerifier verifier(const model::Clock& clock) {
    security::token::TrustedIssuers issuers;
    EXPECT_TRUE(issuers.addConfigured(kIssuer, "ES256", publicKeyPath()).isOk());
    return security::token::TokenVerifier(std::move(issuers), clock);
  }

  static TempDir* dir_;
  static DasProcess* das_;
  std::unique_ptr<HttpClient> http_;
};

TempDir* DasToolTest::dir_ = nullptr;
DasProcess* DasToolTest::das_ = nullptr;

TEST_F(DasToolTest, GrantAnswersPrivilegesWithALifetime) {
  HttpResult r = notify(kCse, dreqContent("Cgrant1", 2, "cnt1"));
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(r.json["m2m:seci"]["sit"], 2) << r;
  EXPECT_EQ(dres(r), Json::parse(R"({"dai":{"gp":{"acr":[{"acor":["Cgrant1"],"acop":2}]},)"
                                 R"("pl":"60000"}})"))
      << r;
}

TEST_F(DasToolTest, GrantOnceAnswersPrivilegesWithoutLifetime) {
  HttpResult r = notify(kCse, dreqContent("//citadel.example.com/id-in/Conce1", 4, "cnt7"));
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(dres(r), Json::parse(R"({"dai":{"gp":{"acr":[{"acor":)"
                                 R"(["//citadel.example.com/id-in/Conce1"],"acop":8}]}}})"))
      << r;
}

TEST_F(DasToolTest, TokenRuleIssuesATokenTheCseVerifiesAndFetchesById) {
  HttpResult r = notify(kCse, dreqContent("Ctoken1", 3, "cnt9"));
  ASSERT_EQ(r.rsc, 2000) << r;
  ASSERT_TRUE(dres(r).contains("tkns")) << r;
  ASSERT_EQ(dres(r)["tkns"].size(), 1u) << r;
  std::string token = dres(r)["tkns"][0];

  model::SystemClock clock;
  auto verified = verifier(clock).verify(token, kIdentity, "Ctoken1");
  ASSERT_TRUE(verified.isOk()) << verified.status().reason();
  const security::token::TokenClaims& claims = *verified.value().claims;
  EXPECT_EQ(claims.holder, "//citadel.example.com/id-in/Ctoken1");
  EXPECT_EQ(claims.issuer, kIssuer);
  EXPECT_EQ(claims.audience, std::vector<std::string>{kCse});
  EXPECT_EQ(claims.not_after - claims.not_before, std::chrono::seconds(300));
  ASSERT_TRUE(claims.permissions.has_value());
  EXPECT_EQ(claims.permissions->front().resource_ids, std::vector<std::string>{"cnt9"});
  EXPECT_EQ((*claims.permissions->front().privileges)["acr"][0]["acop"], 4);
  EXPECT_EQ(verifier(clock).verify(token, kIdentity, "Cother").status().reason(),
            "token.wrong_holder");

  // Indirect dynamic authorization: the CSE holds only the token ID.
  Json by_id = dreqContent("/id-in/Ctoken1", 3, "cnt9");
  by_id["m2m:seci"]["dreq"]["tids"] = {claims.token_id};
  HttpResult fetched = notify(kCse, by_id);
  ASSERT_EQ(fetched.rsc, 2000) << fetched;
  EXPECT_EQ(dres(fetched)["tkns"], Json::array({token})) << fetched;
  // Never another holder's token.
  Json stolen = dreqContent("Cthief", 3, "cnt9");
  stolen["m2m:seci"]["dreq"]["tids"] = {claims.token_id};
  HttpResult refused = notify(kCse, stolen);
  ASSERT_EQ(refused.rsc, 2000) << refused;
  EXPECT_EQ(dres(refused), Json::object()) << refused;
}

TEST_F(DasToolTest, DenyAnswersAnEmptyDres) {
  HttpResult r = notify(kCse, dreqContent("Cnobody", 2, "cnt1"));
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(r.json, Json::parse(R"({"m2m:seci":{"sit":2,"dres":{}}})")) << r;
  // An operation the granting rule does not cover falls through to the deny rule.
  HttpResult update = notify(kCse, dreqContent("Cgrant2", 3, "cnt1"));
  EXPECT_EQ(dres(update), Json::object()) << update;
}

TEST_F(DasToolTest, DelayHoldsTheAnswerBack) {
  auto start = std::chrono::steady_clock::now();
  HttpResult r = notify(kCse, dreqContent("Cslow1", 2, "cnt1"));
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_TRUE(dres(r).contains("dai")) << r;
  EXPECT_GE(elapsed, std::chrono::milliseconds(400));
}

TEST_F(DasToolTest, MalformedRequestsAre4000WithADbg) {
  HttpResult not_json = notifyRaw(kCse, "{\"m2m:seci\":");
  EXPECT_EQ(not_json.rsc, 4000) << not_json;
  HttpResult no_seci = notify(kCse, Json{{"m2m:sgn", {{"vrq", true}}}});
  EXPECT_EQ(no_seci.rsc, 4000) << no_seci;
  EXPECT_NE(no_seci.dbg().find("m2m:seci"), std::string::npos) << no_seci;
  Json wrong_type = dreqContent("Cgrant3", 2, "cnt1");
  wrong_type["m2m:seci"]["dreq"]["or"] = 42;
  HttpResult bad_or = notify(kCse, wrong_type);
  EXPECT_EQ(bad_or.rsc, 4000) << bad_or;
  EXPECT_EQ(bad_or.dbg(), "dreq.or: expected a string") << bad_or;
  Json answer_not_request = dreqContent("Cgrant3", 2, "cnt1");
  answer_not_request["m2m:seci"]["sit"] = 2;
  EXPECT_EQ(notify(kCse, answer_not_request).rsc, 4000);
  EXPECT_TRUE(das_->running()) << "hostile requests never stop the DAS";
}

TEST_F(DasToolTest, CsesNotAllowedGet4103) {
  HttpResult r = notify("/id-mn", dreqContent("Cgrant4", 2, "cnt1"));
  EXPECT_EQ(r.rsc, 4103) << r;
  EXPECT_EQ(r.http_status, 403) << r;
  HttpResult anonymous =
      http_->raw("POST", "/", {{"X-M2M-RI", "x"}, {"Content-Type", "application/json"}},
                 dreqContent("Cgrant4", 2, "cnt1").dump());
  EXPECT_EQ(anonymous.rsc, 4103) << anonymous;
}

TEST_F(DasToolTest, OperationsOtherThanNotifyGet4005) {
  HttpResult r = http_->retrieve(kCse, "/das");
  EXPECT_EQ(r.rsc, 4005) << r;
}

TEST_F(DasToolTest, ServesCoap) {
  ASSERT_NE(das_->coapPort(), 0);
  CoapClient coap(das_->coapPort());
  EXPECT_EQ(coap.notify("/id-mn", "/das", dreqContent("Cgrant5", 2, "cnt1")).rsc, 4103);
  EXPECT_EQ(coap.retrieve(kCse, "/das").rsc, 4005);
  CoapResult r = coap.notify(kCse, "/das", dreqContent("Cgrant5", 2, "cnt1"));
  ASSERT_EQ(r.rsc, 2000) << r;
  // The 2.04 answering this NOTIFY keeps its m2m:seci payload (a plain notification's has none).
  ASSERT_FALSE(r.payload.empty()) << r;
  EXPECT_EQ(r.json["m2m:seci"]["dres"]["dai"]["pl"], "60000") << r;
}

TEST(DasToolMqttTest, ServesMqttAsItsOwnReceiverId) {
  if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
  MosquittoBroker& broker = MosquittoBroker::shared();
  TempDir dir("citadel-das-mqtt");
  std::ofstream(dir.file("policy")) << "* * R grant-once\n";
  DasProcess das({"--policy=" + dir.file("policy"), "--allow=/id-in",
                  "--mqtt.broker=" + broker.uri(), "--mqtt.id=das-" + std::to_string(::getpid())});
  ASSERT_TRUE(das.running());
  MqttClient cse(broker.uri(), "/id-in", "das-" + std::to_string(::getpid()));
  ASSERT_TRUE(cse.connected()) << cse.error();
  Json primitive = {{"op", 5}, {"to", "das"}, {"pc", dreqContent("Cae1", 2, "cnt1")}};
  MqttResult r = cse.send(primitive);
  ASSERT_TRUE(r.received) << r.error;
  EXPECT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(r.json["pc"]["m2m:seci"]["dres"]["dai"]["gp"]["acr"][0]["acop"], 2) << r;
}

TEST(DasToolStartupTest, RefusesAHostilePolicyNamingTheLine) {
  TempDir dir("citadel-das-bad");
  std::ofstream(dir.file("policy")) << "* * R grant-once\n* * R grant\n";
  ProcessOutput out = runProcess(
      {DasProcess::binary(), "--policy=" + dir.file("policy"), "--allow=/id-in", "--http.port=0"});
  EXPECT_EQ(out.exit_code, 2) << out.err;
  EXPECT_NE(out.err.find("line 2: grant needs pl="), std::string::npos) << out.err;
  EXPECT_EQ(out.out, "") << "no ready line";
}

TEST(DasToolStartupTest, RefusesTokenRulesWithoutAKeyAndBadOptions) {
  TempDir dir("citadel-das-bad");
  std::ofstream(dir.file("policy")) << "* * R token ttl=5\n";
  ProcessOutput no_key = runProcess(
      {DasProcess::binary(), "--policy=" + dir.file("policy"), "--allow=/id-in", "--http.port=0"});
  EXPECT_EQ(no_key.exit_code, 2);
  EXPECT_NE(no_key.err.find("--issuer and --key: required"), std::string::npos) << no_key.err;
  ProcessOutput bad_port = runProcess({DasProcess::binary(), "--policy=" + dir.file("policy"),
                                       "--allow=/id-in", "--http.port=99999"});
  EXPECT_EQ(bad_port.exit_code, 2);
  EXPECT_EQ(bad_port.err,
            "citadel-das: --http.port: expected a port 0..65535 (0: any free port)\n");
}

TEST(CitadelTokenTest, MintsATokenTheCseVerifies) {
  TempDir dir("citadel-token-it");
  ProcessOutput keygen =
      runProcess({tokenBinary(), "keygen", "--alg=ES256", "--out=" + dir.path()});
  ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
  EXPECT_EQ(keygen.out, dir.file("issuer.key.pem") + "\n" + dir.file("issuer.pub.pem") + "\n");
  ProcessOutput minted = runProcess(
      {tokenBinary(), "--issuer=" + kIssuer, "--alg=ES256", "--key=" + dir.file("issuer.key.pem"),
       "--holder=//citadel.example.com/id-in/Cmyapp", "--audience=/id-in", "--id=cli-1@" + kIssuer,
       "--ris=cnt1", "--op=RU", "--role=r1@" + kIssuer, "--not-before=-5", "--ttl=600",
       "--name=integration"});
  ASSERT_EQ(minted.exit_code, 0) << minted.err;
  ASSERT_FALSE(minted.out.empty());
  EXPECT_EQ(minted.out.back(), '\n');
  std::string token = minted.out.substr(0, minted.out.size() - 1);
  EXPECT_EQ(token.find_first_of(" \n"), std::string::npos) << "one compact JWS";

  security::token::TrustedIssuers issuers;
  ASSERT_TRUE(issuers.addConfigured(kIssuer, "ES256", dir.file("issuer.pub.pem")).isOk());
  model::SystemClock clock;
  security::token::TokenVerifier verifier(std::move(issuers), clock);
  auto verified = verifier.verify(token, kIdentity, "Cmyapp");
  ASSERT_TRUE(verified.isOk()) << verified.status().reason();
  const security::token::TokenClaims& claims = *verified.value().claims;
  EXPECT_EQ(claims.token_id, "cli-1@" + kIssuer);
  EXPECT_EQ(claims.token_name, "integration");
  EXPECT_EQ(claims.not_after - claims.not_before, std::chrono::seconds(600));
  const auto& pm = claims.permissions->front();
  EXPECT_EQ(pm.resource_ids, std::vector<std::string>{"cnt1"});
  EXPECT_EQ(pm.role_ids, std::vector<std::string>{"r1@" + kIssuer});
  EXPECT_EQ((*pm.privileges)["acr"][0]["acop"], 6);
}

TEST(CitadelTokenTest, PrintsClaimsAndSignsWithAnHs256SecretFile) {
  TempDir dir("citadel-token-it");
  ASSERT_EQ(runProcess({tokenBinary(), "keygen", "--alg=HS256", "--out=" + dir.path()}).exit_code,
            0);
  ProcessOutput claims = runProcess({tokenBinary(), "--issuer=aa.example.com",
                                     "--holder=//citadel.example.com/id-in/Cx", "--claims-only"});
  ASSERT_EQ(claims.exit_code, 0) << claims.err;
  Json json = Json::parse(claims.out);
  EXPECT_EQ(json["iss"], "aa.example.com");
  EXPECT_EQ(json["tkps"]["pm"][0]["pv"]["acr"][0]["acop"], 2);
  EXPECT_EQ(json["exp"].get<int64_t>() - json["nbf"].get<int64_t>(), 3600);
  ProcessOutput signed_token =
      runProcess({tokenBinary(), "--issuer=aa.example.com", "--alg=HS256",
                  "--key=" + dir.file("issuer.secret"), "--holder=//citadel.example.com/id-in/Cx"});
  ASSERT_EQ(signed_token.exit_code, 0) << signed_token.err;
  EXPECT_EQ(std::count(signed_token.out.begin(), signed_token.out.end(), '.'), 2);
}

TEST(CitadelTokenTest, BadOptionsExit2WithOneLineNamingTheOption) {
  struct Case {
    std::vector<std::string> args;
    std::string starts;
  };
  const std::string holder = "--holder=//citadel.example.com/id-in/Cx";
  for (const Case& c :
       {Case{{"--issuer=i", holder, "--key=k", "--ttl=soon"}, "citadel-token: --ttl:"},
        Case{{"--issuer=i", holder, "--key=/no/such/key.pem"}, "citadel-token: --key:"},
        Case{{"--issuer=i", holder, "--alg=HS256", "--key=hex:00"}, "citadel-token: --key:"},
        Case{{"--issuer=i", "--holder=Cx", "--key=k"}, "citadel-token: --holder:"},
        Case{{"--frobnicate=1"}, "citadel-token: unknown option --frobnicate"}}) {
    std::vector<std::string> argv = {tokenBinary()};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    ProcessOutput out = runProcess(argv);
    EXPECT_EQ(out.exit_code, 2) << c.starts;
    EXPECT_TRUE(out.err.starts_with(c.starts)) << out.err;
    EXPECT_EQ(std::count(out.err.begin(), out.err.end(), '\n'), 1) << out.err;
    EXPECT_EQ(out.out, "");
  }
}

}  // namespace
}  // namespace citadel::testing
