// citadel-esprim (tools/esprim_cli) against a real CSE with a pre-provisioned pairwise ESPrim
// key: a CREATE and a RETRIEVE protected end to end over HTTP, CoAP and MQTT land in the tree
// and come back decrypted; a wrong key, a key file others may read and a bad option are refused
// with the documented exit status; the key never appears in what the tool prints.
#include <sys/stat.h>

#include <fstream>

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
    std::string keys = dir_->file("esprim.keys");
    std::ofstream(keys) << "k-dora Cesdora " << kKey << "\n";
    ::chmod(keys.c_str(), 0600);
    std::vector<std::string> args = {"--esprim.enabled=true", "--esprim.keyFile=" + keys,
                                     "--esprim.sharedRandLifetime=86400", "--coap.enabled=true",
                                     "--coap.port=0"};
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
    pv["acr"].push_back({{"acor", {"Cesdora"}}, {"acop", 16 | 2}});
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

}  // namespace
}  // namespace citadel::testing
