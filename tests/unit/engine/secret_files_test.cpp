// withSecretFiles (cse/app/secret_files.h, issue 15 #18): secret-bearing files others may read
// stop the start-up unless security.allowInsecureKeyFiles; mqtt.passwordFile becomes the
// password; no message holds a secret.
#include "cse/app/secret_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "tests/support/temp_dir.h"

namespace citadel::app {
namespace {

class SecretFilesTest : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text, mode_t mode) {
    std::string path = dir_.file(name);
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }
  citadel::testing::TempDir dir_;
};

TEST_F(SecretFilesTest, AKeyOthersCanReadIsRefusedNamingTheFixUnlessAllowed) {
  engine::Config config;
  config.tls_private_key = write("cse.key", "-----BEGIN PRIVATE KEY-----\n", 0640);
  auto refused = withSecretFiles(config);
  ASSERT_FALSE(refused.isOk());
  EXPECT_EQ(refused.status().reason(), "config.insecure_key_file");
  EXPECT_NE(refused.status().dbg().find("tls.privateKey " + config.tls_private_key),
            std::string::npos)
      << refused.status().dbg();
  EXPECT_NE(refused.status().dbg().find("chmod 600"), std::string::npos);
  config.allow_insecure_key_files = true;
  EXPECT_TRUE(withSecretFiles(config).isOk());
  config.allow_insecure_key_files = false;
  ::chmod(config.tls_private_key.c_str(), 0600);
  EXPECT_TRUE(withSecretFiles(config).isOk());
}

TEST_F(SecretFilesTest, AMissingKeyFileIsLeftToItsBindingAMissingPasswordFileIsNamed) {
  engine::Config config;
  config.mqtt_private_key = dir_.file("none.key");
  EXPECT_TRUE(withSecretFiles(config).isOk()) << "the MQTT binding names it when it loads it";
  config.mqtt_password_file = dir_.file("none.password");
  auto missing = withSecretFiles(config);
  ASSERT_FALSE(missing.isOk());
  EXPECT_NE(missing.status().dbg().find("mqtt.passwordFile"), std::string::npos);
}

TEST_F(SecretFilesTest, ThePasswordFileGivesThePasswordItsFirstLine) {
  engine::Config config;
  config.mqtt_password_file = write("mqtt.password", "s3cret\nignored\n", 0600);
  auto effective = withSecretFiles(config);
  ASSERT_TRUE(effective.isOk()) << effective.status().dbg();
  EXPECT_EQ(effective.value().mqtt_password, "s3cret");
  ::chmod(config.mqtt_password_file.c_str(), 0644);
  auto refused = withSecretFiles(config);
  ASSERT_FALSE(refused.isOk());
  EXPECT_EQ(refused.status().dbg().find("s3cret"), std::string::npos);
}

TEST_F(SecretFilesTest, AConfigFileMattersOnlyWhenItHoldsThePassword) {
  engine::Config config;
  config.config_file = write("citadel.conf", "mqtt.password = p\n", 0644);
  EXPECT_TRUE(withSecretFiles(config).isOk()) << "no password set: nothing secret in it";
  config.mqtt_password = "p";
  auto refused = withSecretFiles(config);
  ASSERT_FALSE(refused.isOk());
  EXPECT_NE(refused.status().dbg().find("citadel.conf"), std::string::npos);
}

}  // namespace
}  // namespace citadel::app
