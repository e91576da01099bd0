// citadel-esprim (tools/esprim_cli) against a real CSE with a pre-provisioned pairwise ESPrim
// key: a CREATE and a RETRIEVE protected end to end over HTTP, CoAP and MQTT land in the tree
// and come back decrypted; a wrong key, a key file others may read and a bad option are refused
// with the documented exit status; the key never appears in what the tool prints.
//
// ESCertKE end to end (issue 16 item 3): the tool establishes a pairwise key with the CSE from
// certificates (TS-0003 §8.7: a TLS 1.2 handshake in two NOTIFYs with m2m:seci sit 6), over
// every binding, then protects a CREATE with it; a certificate naming someone else than the
// NOTIFY's originator gets no key; the <CSEBase> advertises the feature (esf 43).
#include <sys/stat.h>

#include <fstream>
#include <regex>

#include <gtest/gtest.h>

#include "tests/support/cse_fixture.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

const std::string kKey = "8899aabbccddeeff00112233445566778899aabbccddeeff0011223344556677";
const std::string kOtherKey = "0011223344556677889900112233445566778899001122334455667788990011";

std::string esprimBinary() {
#ifdef CITADEL_ESPRIM_BINARY
  return CITADEL_ESPRIM_BINARY;
#else
  return "";
#endif
}

void writeKey(const std::string& path, const std::string& hex, mode_t mode) {
  std::ofstream(path) << hex << "\n";
  ::chmod(path.c_str(), mode);
}

class EsprimCliTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    ASSERT_EQ(makeTestPki(dir_->path(), "Cesdora Cesmallory"), "");
    std::string keys = dir_->file("esprim.keys");
    std::ofstream(keys) << "k-dora Cesdora " << kKey << "\n";
    ::chmod(keys.c_str(), 0600);
    std::vector<std::string> args = {
        "--esprim.enabled=true", "--esprim.keyFile=" + keys, "--esprim.sharedRandLifetime=86400",
        "--esprim.certKe=true", "--tls.certificate=" + dir_->file("cse.pem"),
        "--tls.privateKey=" + dir_->file("cse.key"), "--tls.caFile=" + dir_->file("ca.pem"),
        "--coap.enabled=true", "--coap.port=0"};
    if (mosquittoAvailable()) {
      broker_ = &MosquittoBroker::shared();
      for (const auto& arg : broker_->cseArgs("esprimcli")) args.push_back(arg);
    }
    startCse(args);
    HttpClient http(cse().port());
    http.registerAe("esdora");
    // Dora may ask for rand objects of her own (NOTIFY on the <CSEBase>) and read the shared
    // one (RETRIEVE).
    const std::string acp = std::string(kCseBase) + "/acpCSEBase";
    Json pv = http.retrieve(kAdmin, acp).resource()["pv"];
    pv["acr"].push_back({{"acor", {"Cesdora", "Cesmallory"}}, {"acop", 16 | 2}});
    http.update(kAdmin, acp, {{"m2m:acp", {{"pv", pv}}}});
    writeKey(dir_->file("dora.key"), kKey, 0600);
  }
  static void TearDownTestSuite() {
    stopCse();
    dir_.reset();
  }

  // citadel-esprim with the common options for Dora over `cse_url`, then `rest`.
  std::string run(const std::string& cse_url, const std::string& rest, int* code,
                  const std::string& key_file = "") {
    std::string command = esprimBinary() + " --cse=" + cse_url +
                          " --from=Cesdora --key-id=k-dora --key-file=" +
                          (key_file.empty() ? dir_->file("dora.key") : key_file) + " " + rest;
    return runShell(command, code, 30);
  }
  // citadel-esprim escertke for `from` with `name`'s certificate; the new key goes to
  // `key_file`.
  std::string establish(const std::string& cse_url, const std::string& from,
                        const std::string& name, const std::string& key_file, int* code) {
    return runShell(esprimBinary() + " --cse=" + cse_url + " --from=" + from + " --key-file=" +
                        key_file + " --cert=" + dir_->file(name + ".pem") + " --cert-key=" +
                        dir_->file(name + ".key") + " --ca=" + dir_->file("ca.pem") +
                        " --cse-identity=//citadel.example.com/id-in escertke",
                    code, 30);
  }
  std::string urlFor(const std::string& binding) {
    if (binding == "coap") return "coap://127.0.0.1:" + std::to_string(pointOfAccessPort("coap"));
    if (binding == "mqtt") return broker_->mqttUri();
    return "http://127.0.0.1:" + std::to_string(cse().port());
  }

  static std::unique_ptr<TempDir> dir_;
  static MosquittoBroker* broker_;
};

std::unique_ptr<TempDir> EsprimCliTest::dir_;
MosquittoBroker* EsprimCliTest::broker_ = nullptr;

TEST_F(EsprimCliTest, CreatesAndRetrievesOverEveryBinding) {
  ASSERT_FALSE(esprimBinary().empty());
  std::vector<std::string> bindings = {"http", "coap"};
  if (broker_ != nullptr) bindings.push_back("mqtt");
  HttpResult cnt = http().create("Cesdora", std::string(kCseBase) + "/esdora", 3,
                                 {{"m2m:cnt", {{"rn", "readings"}}}});
  ASSERT_EQ(cnt.rsc, 2001) << cnt;
  for (const std::string& binding : bindings) {
    SCOPED_TRACE(binding);
    std::string name = "t-" + binding;
    int code = -1;
    std::string created = run(urlFor(binding),
                              "--ty=4 --content='{\"m2m:cin\":{\"rn\":\"" + name +
                                  "\",\"con\":\"21.5\"}}' create cse-in/esdora/readings",
                              &code);
    ASSERT_EQ(code, 0) << created;
    EXPECT_NE(created.find("\"rsc\": 2001"), std::string::npos) << created;
    // In the tree, as Dora created it (read back over plain HTTP).
    HttpResult stored = http().retrieve("Cesdora", "cse-in/esdora/readings/" + name);
    ASSERT_EQ(stored.rsc, 2000) << stored;
    EXPECT_EQ(stored.resource()["con"], "21.5");
    std::string read = run(urlFor(binding), "retrieve cse-in/esdora/readings/" + name, &code);
    ASSERT_EQ(code, 0) << read;
    EXPECT_NE(read.find("\"con\": \"21.5\""), std::string::npos) << read;
    EXPECT_EQ(read.find(kKey), std::string::npos);
  }
}

// With --shared-rand the session is opened on the <CSEBase>'s esi.esro instead of a rand
// object of Dora's own.
TEST_F(EsprimCliTest, UsesTheSharedRandObjectWhenAsked) {
  int code = -1;
  std::string read = run(urlFor("http"), "--shared-rand --rcn=1 retrieve cse-in/esdora", &code);
  ASSERT_EQ(code, 0) << read;
  EXPECT_NE(read.find("\"rsc\": 2000"), std::string::npos) << read;
  EXPECT_NE(read.find("\"m2m:ae\""), std::string::npos) << read;
}

TEST_F(EsprimCliTest, AnInnerErrorIsPrintedAndExitsOne) {
  int code = -1;
  std::string missing = run(urlFor("http"), "retrieve cse-in/esdora/nothing-here", &code);
  EXPECT_EQ(code, 1) << missing;
  EXPECT_NE(missing.find("\"rsc\": 4004"), std::string::npos) << missing;
}

TEST_F(EsprimCliTest, RefusesAWrongKeyAKeyOthersMayReadAndBadOptions) {
  writeKey(dir_->file("other.key"), kOtherKey, 0600);
  int code = -1;
  std::string wrong = run(urlFor("http"), "retrieve cse-in/esdora", &code, dir_->file("other.key"));
  EXPECT_EQ(code, 1) << wrong;
  EXPECT_EQ(wrong.find(kOtherKey), std::string::npos) << wrong;

  writeKey(dir_->file("open.key"), kKey, 0644);
  std::string open = run(urlFor("http"), "retrieve cse-in/esdora", &code, dir_->file("open.key"));
  EXPECT_EQ(code, 2) << open;
  EXPECT_NE(open.find("has mode 0644"), std::string::npos) << open;
  EXPECT_EQ(open.find(kKey), std::string::npos) << open;

  std::string bad = run(urlFor("http"), "--enc=A999GCM retrieve cse-in/esdora", &code);
  EXPECT_EQ(code, 2) << bad;
  EXPECT_NE(bad.find("--enc"), std::string::npos) << bad;

  std::string help = runShell(esprimBinary() + " --help", &code);
  EXPECT_EQ(code, 0);
  EXPECT_NE(help.find("usage: citadel-esprim"), std::string::npos) << help;
}

TEST_F(EsprimCliTest, TheCseBaseAdvertisesCertificateKeys) {
  HttpResult base = http().retrieve(kAdmin, kCseBase);
  ASSERT_EQ(base.rsc, 2000) << base;
  EXPECT_EQ(base.resource()["esi"]["esf"], Json::parse("[13, 43]")) << base;
}

TEST_F(EsprimCliTest, AKeyFromCertificatesProtectsACreateOverEveryBinding) {
  ASSERT_FALSE(esprimBinary().empty());
  std::vector<std::string> bindings = {"http", "coap"};
  if (broker_ != nullptr) bindings.push_back("mqtt");
  HttpResult cnt = http().create("Cesdora", std::string(kCseBase) + "/esdora", 3,
                                 {{"m2m:cnt", {{"rn", "certified"}}}});
  ASSERT_EQ(cnt.rsc, 2001) << cnt;
  for (const std::string& binding : bindings) {
    SCOPED_TRACE(binding);
    std::string key_file = dir_->file("dora-" + binding + ".key");
    int code = -1;
    std::string established = establish(urlFor(binding), "Cesdora", "Cesdora", key_file, &code);
    ASSERT_EQ(code, 0) << established;
    std::smatch kid;
    ASSERT_TRUE(std::regex_search(established, kid, std::regex("\"kid\": \"([0-9a-f]{32})\"")))
        << established;
    struct stat info {};
    ASSERT_EQ(::stat(key_file.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);

    std::string name = "e-" + binding;
    std::string created = runShell(
        esprimBinary() + " --cse=" + urlFor(binding) + " --from=Cesdora --key-id=" +
            kid[1].str() + " --key-file=" + key_file +
            " --ty=4 --content='{\"m2m:cin\":{\"rn\":\"" + name +
            "\",\"con\":\"7\"}}' create cse-in/esdora/certified",
        &code, 30);
    ASSERT_EQ(code, 0) << created;
    EXPECT_NE(created.find("\"rsc\": 2001"), std::string::npos) << created;
    HttpResult stored = http().retrieve("Cesdora", "cse-in/esdora/certified/" + name);
    ASSERT_EQ(stored.rsc, 2000) << stored;
    EXPECT_EQ(stored.resource()["con"], "7");
  }
}

// Mallory holds a valid certificate of the same CA, for herself: NOTIFYs that say they come
// from Dora get no key for Dora.
TEST_F(EsprimCliTest, ACertificateOfSomeoneElseGetsNoKey) {
  std::string key_file = dir_->file("stolen.key");
  int code = -1;
  std::string refused = establish(urlFor("http"), "Cesdora", "Cesmallory", key_file, &code);
  EXPECT_EQ(code, 1) << refused;
  EXPECT_NE(refused.find("4106"), std::string::npos) << refused;
  EXPECT_NE(refused.find("does not name the originator"), std::string::npos) << refused;
  struct stat info {};
  EXPECT_NE(::stat(key_file.c_str(), &info), 0) << "no key file is written";
}

TEST_F(EsprimCliTest, AMessageThreeWithoutMessageOneIsABadRequest) {
  // A Finished-like record with nothing pending for Dora.
  Json content = {{"m2m:seci", {{"sit", 6}, {"eckm", "FAMDAAEB"}}}};
  HttpResult answer = http().raw("POST", kCseBase,
                                 {{"X-M2M-Origin", "Cesdora"},
                                  {"X-M2M-RI", HttpClient::nextRequestId()},
                                  {"X-M2M-RVI", "3"},
                                  {"Content-Type", "application/json"}},
                                 content.dump());
  EXPECT_EQ(answer.rsc, 4000) << answer;
  EXPECT_NE(answer.body.find("no ESCertKE handshake is pending"), std::string::npos) << answer;
}

}  // namespace
}  // namespace citadel::testing
