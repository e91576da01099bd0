// Issue 15 #18, secrets hygiene, against the real `citadel`: a key file others may read stops
// the start-up (exit status and a message naming the file and the chmod), every file the CSE
// writes into its data directory is its user's alone whatever the umask, and the MQTT password
// comes from mqtt.passwordFile (mode-checked) instead of the command line, where every local
// user reads it in /proc/<pid>/cmdline.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/cse_fixture.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_cse.h"

namespace citadel::testing {
namespace {

std::string readSecretsFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The umask a careless service manager leaves (0022: files 0644), restored afterwards.
class Umask {
 public:
  explicit Umask(mode_t mask) : previous_(::umask(mask)) {}
  ~Umask() { ::umask(previous_); }

 private:
  mode_t previous_;
};

class SecretFilesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(makeTestPki(pki_.path(), ""), ""); }

  // Runs the CSE with HTTPS on tls.* of the test PKI plus `extra`; returns its output.
  std::string start(const std::string& extra, int* code) {
    return runShell(std::string(CITADEL_BINARY) + " --http.port=0 --https.enabled=true " +
                        "--https.port=0 --tls.certificate=" + pki_.file("cse.pem") +
                        " --tls.privateKey=" + pki_.file("cse.key") +
                        " --storage.path=" + dir_.file("db") + " " + extra + " 2>&1",
                    code, 15);
  }

  TempDir pki_;
  TempDir dir_;
};

TEST_F(SecretFilesTest, RefusesToStartWithAPrivateKeyOthersCanRead) {
  // Before: the CSE started and served HTTPS with a key every local user could copy.
  ASSERT_EQ(::chmod(pki_.file("cse.key").c_str(), 0644), 0);
  int code = 0;
  std::string out = start("", &code);
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("tls.privateKey " + pki_.file("cse.key") + " has mode 0644"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("chmod 600 " + pki_.file("cse.key")), std::string::npos) << out;
  EXPECT_EQ(out.find("BEGIN"), std::string::npos) << "no key material in the message";
}

TEST_F(SecretFilesTest, AnInsecureKeyIsAWarningWhenTheOperatorSaysSo) {
  ASSERT_EQ(::chmod(pki_.file("cse.key").c_str(), 0640), 0);
  std::string log = dir_.file("cse.log");
  TestCse cse({"--https.enabled=true", "--https.port=0",
               "--tls.certificate=" + pki_.file("cse.pem"),
               "--tls.privateKey=" + pki_.file("cse.key"),
               "--security.allowInsecureKeyFiles=true"},
              log);
  EXPECT_TRUE(cse.running());
  EXPECT_NE(readSecretsFile(log).find("chmod 600 " + pki_.file("cse.key")), std::string::npos)
      << readSecretsFile(log);
}

TEST_F(SecretFilesTest, RefusesAConfigFileHoldingThePasswordThatOthersCanRead) {
  std::string config = dir_.file("citadel.conf");
  std::ofstream(config) << "mqtt.username = cse\nmqtt.password = hunter2-in-a-file\n";
  ASSERT_EQ(::chmod(config.c_str(), 0644), 0);
  int code = 0;
  std::string out = start("--config=" + config, &code);
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("chmod 600 " + config), std::string::npos) << out;
  EXPECT_EQ(out.find("hunter2"), std::string::npos) << "the password is never shown";
  // A config file without a secret may be world-readable.
  std::ofstream(config) << "cse.name = cse-in\n";
  ASSERT_EQ(::chmod(config.c_str(), 0644), 0);
  TestCse cse({"--config=" + config});
  EXPECT_TRUE(cse.running());
}

TEST(DataDirectoryTest, EveryFileTheCseWritesIsItsUsersAlone) {
  // Before: RocksDB created its files with 0666 & ~umask, 0644 under a 0022 umask (the
  // directory's 0700 was the only barrier; a copied or re-moded directory exposed them).
  Umask careless(022);
  TestCse cse;
  ASSERT_TRUE(cse.running());
  HttpClient http(cse.port());
  EXPECT_FALSE(http.registerAe("secretsae").empty());
  cse.stop();  // flushes the memtable into SST files
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(cse.storagePath())) {
    struct stat status {};
    ASSERT_EQ(::lstat(entry.path().c_str(), &status), 0) << entry.path();
    EXPECT_EQ(status.st_mode & 077, 0u)
        << entry.path() << " has mode " << std::oct << (status.st_mode & 0777);
    ++files;
  }
  EXPECT_GT(files, 3u) << "RocksDB wrote its files";
}

class MqttPasswordFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
    MosquittoConfig config;
    config.allow_anonymous = false;
    broker_ = std::make_unique<MosquittoBroker>(config, /*start_now=*/false);
    std::string passwords = broker_->file("passwords");
    std::string output;
    ASSERT_EQ(runCommand({"/usr/bin/mosquitto_passwd", "-c", "-b", passwords, "cse", kPassword},
                         &output),
              0)
        << output;
    config.extra_lines = "password_file " + passwords;
    broker_->setConfig(config);
    ASSERT_TRUE(broker_->start()) << broker_->log();
  }

  // Whether the broker logged a connection of `client_id` as user cse (mosquitto's notice).
  bool connectedAsCse(const std::string& client_id) {
    return waitUntil(
        [&] {
          std::string log = broker_->log();
          return log.find("as " + client_id) != std::string::npos &&
                 log.find("u'cse'") != std::string::npos;
        },
        std::chrono::seconds(10));
  }

  std::vector<std::string> mqttArgs(const std::string& client_id) {
    return {"--mqtt.enabled=true", "--mqtt.broker=" + broker_->uri(),
            "--mqtt.clientId=" + client_id, "--mqtt.username=cse"};
  }

  static constexpr const char* kPassword = "s3cret-of-the-broker";
  TempDir dir_;
  std::unique_ptr<MosquittoBroker> broker_;
};

TEST_F(MqttPasswordFileTest, ThePasswordComesFromAFileNotTheCommandLine) {
  // Before: mqtt.passwordFile was an unknown key; the password could only be given as
  // mqtt.password, on the command line or in the config file.
  std::string file = dir_.file("mqtt.password");
  std::ofstream(file) << kPassword << "\n";
  ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
  std::string client_id = "citadel-pwfile-" + std::to_string(::getpid());
  std::vector<std::string> args = mqttArgs(client_id);
  args.push_back("--mqtt.passwordFile=" + file);
  TestCse cse(args);
  ASSERT_TRUE(cse.running());
  EXPECT_TRUE(connectedAsCse(client_id)) << broker_->log();
  std::string cmdline = readSecretsFile("/proc/" + std::to_string(cse.pid()) + "/cmdline");
  EXPECT_EQ(cmdline.find(kPassword), std::string::npos) << "not in /proc/<pid>/cmdline";
}

TEST_F(MqttPasswordFileTest, APasswordFileOthersCanReadIsRefused) {
  std::string file = dir_.file("mqtt.password");
  std::ofstream(file) << kPassword << "\n";
  ASSERT_EQ(::chmod(file.c_str(), 0604), 0);
  int code = 0;
  std::string out = runShell(std::string(CITADEL_BINARY) + " --http.port=0 --storage.path=" +
                                 dir_.file("db") + " --mqtt.enabled=true --mqtt.broker=" +
                                 broker_->uri() + " --mqtt.passwordFile=" + file + " 2>&1",
                             &code, 15);
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("mqtt.passwordFile " + file + " has mode 0604"), std::string::npos) << out;
  EXPECT_EQ(out.find(kPassword), std::string::npos) << "the password is never shown";
}

TEST_F(MqttPasswordFileTest, APasswordOnTheCommandLineIsAWarningWithoutTheValue) {
  std::string log = dir_.file("cse.log");
  std::string client_id = "citadel-pwarg-" + std::to_string(::getpid());
  std::vector<std::string> args = mqttArgs(client_id);
  args.push_back(std::string("--mqtt.password=") + kPassword);
  args.push_back("--log.level=warning");
  TestCse cse(args, log);
  ASSERT_TRUE(cse.running());
  EXPECT_TRUE(connectedAsCse(client_id)) << broker_->log();
  std::string text = readSecretsFile(log);
  EXPECT_NE(text.find("mqtt.password is on the command line"), std::string::npos) << text;
  EXPECT_NE(text.find("mqtt.passwordFile"), std::string::npos) << text;
  EXPECT_EQ(text.find(kPassword), std::string::npos) << "the value is never logged";
}

}  // namespace
}  // namespace citadel::testing
