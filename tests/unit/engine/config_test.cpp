// Configuration: every documented key, bad values, unknown keys, the key = value file and the
// command line (--config first, then --<key>=<value> overrides), and the --help text.
#include "cse/engine/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "cse/engine/config_schema.h"
#include "tests/support/status_macros.h"
#include "tests/unit/engine/config_expectations.h"
#include "tests/support/temp_dir.h"

namespace citadel::engine {
namespace {

using model::Rsc;

model::Result<CommandLine> parseArgs(std::vector<std::string> args) {
  args.insert(args.begin(), "citadel");
  std::vector<char*> argv;
  for (auto& arg : args) {
    argv.push_back(arg.data());
  }
  return parseCommandLine(static_cast<int>(argv.size()), argv.data());
}

std::string writeFile(const citadel::testing::TempDir& dir, const std::string& text) {
  std::string path = dir.file("citadel.conf");
  std::ofstream(path) << text;
  return path;
}

TEST(ConfigTest, AcceptsTheDocumentedDefaultOfEveryKey) {
  ASSERT_FALSE(configKeys().empty());
  for (const ConfigKey& key : configKeys()) {
    Config config;
    EXPECT_OK(applyConfigValue(config, key.name, key.default_value));
    EXPECT_NE(std::string(key.description), "") << key.name;
  }
}

TEST(ConfigTest, DocumentsTheDefaultsTheStructHolds) {
  Config c;
  const std::map<std::string, std::string> actual = {
      {"cse.id", c.cse_id},
      {"cse.name", c.cse_name},
      {"cse.spid", c.sp_id},
      {"cse.type", c.cse_type},
      {"cse.admin", c.admin},
      {"http.address", c.http_address},
      {"http.port", std::to_string(c.http_port)},
      {"http.threads", std::to_string(c.http_threads)},
      {"storage.path", c.storage_path},
      {"storage.sync", c.storage_sync ? "true" : "false"},
      {"log.level", c.log_level},
      {"limits.maxRequestBytes", std::to_string(c.max_request_bytes)},
      {"limits.maxHeaders", std::to_string(c.max_header_count)},
      {"expiration.default", std::to_string(c.expiration_default_s)},
      {"expiration.max", std::to_string(c.expiration_max_s)},
      {"http.enabled", c.http_enabled ? "true" : "false"},
      {"https.enabled", c.https_enabled ? "true" : "false"},
      {"https.address", c.https_address},
      {"https.port", std::to_string(c.https_port)},
      {"tls.certificate", c.tls_certificate},
      {"tls.privateKey", c.tls_private_key},
      {"tls.caFile", c.tls_ca_file},
      {"tls.clientAuth", c.tls_client_auth},
      {"coap.enabled", c.coap_enabled ? "true" : "false"},
      {"coap.address", c.coap_address},
      {"coap.port", std::to_string(c.coap_port)},
      {"coap.threads", std::to_string(c.coap_threads)},
      {"mqtt.enabled", c.mqtt_enabled ? "true" : "false"},
      {"mqtt.broker", c.mqtt_broker},
      {"mqtt.clientId", c.mqtt_client_id},
      {"mqtt.username", c.mqtt_username},
      {"mqtt.password", c.mqtt_password},
  };
  for (const ConfigKey& key : configKeys()) {
    auto it = actual.find(key.name);
    if (it != actual.end()) {
      EXPECT_EQ(it->second, key.default_value) << key.name;
    }
  }
}

TEST(ConfigTest, HasNoDuplicateKeys) {
  std::map<std::string, int> seen;
  for (const ConfigKey& key : configKeys()) {
    EXPECT_EQ(++seen[key.name], 1) << key.name;
  }
}

TEST(ConfigTest, AppliesEachKey) {
  Config c;
  ASSERT_OK(applyConfigValue(c, "cse.id", "id-mn"));
  ASSERT_OK(applyConfigValue(c, "cse.name", "cse-mn"));
  ASSERT_OK(applyConfigValue(c, "cse.spid", "sp.example"));
  ASSERT_OK(applyConfigValue(c, "cse.type", "MN"));
  ASSERT_OK(applyConfigValue(c, "cse.admin", "CRoot"));
  ASSERT_OK(applyConfigValue(c, "http.address", "0.0.0.0"));
  ASSERT_OK(applyConfigValue(c, "http.port", "0"));
  ASSERT_OK(applyConfigValue(c, "http.threads", "2"));
  ASSERT_OK(applyConfigValue(c, "storage.path", "/tmp/x"));
  ASSERT_OK(applyConfigValue(c, "storage.sync", "true"));
  ASSERT_OK(applyConfigValue(c, "log.level", "debug"));
  ASSERT_OK(applyConfigValue(c, "limits.maxRequestBytes", "4096"));
  ASSERT_OK(applyConfigValue(c, "limits.maxHeaders", "8"));
  ASSERT_OK(applyConfigValue(c, "expiration.default", "60"));
  ASSERT_OK(applyConfigValue(c, "expiration.max", "120"));
  EXPECT_EQ(c.cse_id, "id-mn");
  EXPECT_EQ(c.cse_name, "cse-mn");
  EXPECT_EQ(c.sp_id, "sp.example");
  EXPECT_EQ(c.cse_type, "MN");
  EXPECT_EQ(c.cseTypeCode(), 2);
  EXPECT_EQ(c.admin, "CRoot");
  EXPECT_EQ(c.http_address, "0.0.0.0");
  EXPECT_EQ(c.http_port, 0);
  EXPECT_EQ(c.http_threads, 2);
  EXPECT_EQ(c.storage_path, "/tmp/x");
  EXPECT_TRUE(c.storage_sync);
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_EQ(c.max_request_bytes, 4096u);
  EXPECT_EQ(c.max_header_count, 8);
  EXPECT_EQ(c.expiration_default_s, 60);
  EXPECT_EQ(c.expiration_max_s, 120);
}

// Issue 15 #3: brokers other than mqtt.broker are host:port items; none by default.
TEST(ConfigTest, ReadsTheForeignBrokerAllowList) {
  Config c;
  EXPECT_TRUE(c.mqtt_foreign_brokers.empty());
  ASSERT_OK(applyConfigValue(c, "mqtt.foreignBrokers", "broker.example:1883, [::1]:8883"));
  EXPECT_EQ(c.mqtt_foreign_brokers,
            (std::vector<std::string>{"broker.example:1883", "[::1]:8883"}));
  for (const char* bad : {"broker.example", "mqtt://h:1883", "u:p@h:1883", "h:0", "h:70000",
                          "h:18a3", ":1883", "h/x:1883"}) {
    expectBadValue("mqtt.foreignBrokers", bad);
  }
}

TEST(ConfigTest, AppliesTheCoapAndMqttKeys) {
  Config c;
  EXPECT_EQ(c.mqttClientId(), "C::id-in") << "TS-0010 §6.3.3 form by default";
  ASSERT_OK(applyConfigValue(c, "coap.enabled", "true"));
  ASSERT_OK(applyConfigValue(c, "coap.address", "::1"));
  ASSERT_OK(applyConfigValue(c, "coap.port", "0"));
  ASSERT_OK(applyConfigValue(c, "coap.threads", "2"));
  ASSERT_OK(applyConfigValue(c, "mqtt.enabled", "true"));
  ASSERT_OK(applyConfigValue(c, "mqtt.broker", "mqtt://127.0.0.1:1884"));
  ASSERT_OK(applyConfigValue(c, "mqtt.clientId", "cse-1"));
  ASSERT_OK(applyConfigValue(c, "mqtt.username", "u"));
  ASSERT_OK(applyConfigValue(c, "mqtt.password", "p"));
  EXPECT_TRUE(c.coap_enabled);
  EXPECT_EQ(c.coap_address, "::1");
  EXPECT_EQ(c.coap_port, 0);
  EXPECT_EQ(c.coap_threads, 2);
  EXPECT_TRUE(c.mqtt_enabled);
  EXPECT_EQ(c.mqtt_broker, "mqtt://127.0.0.1:1884");
  EXPECT_EQ(c.mqttClientId(), "cse-1");
  EXPECT_EQ(c.mqtt_username, "u");
  EXPECT_EQ(c.mqtt_password, "p");
  expectBadValue("coap.enabled", "yes");
  expectBadValue("coap.port", "70000");
  expectBadValue("coap.threads", "0");
  expectBadValue("mqtt.enabled", "1");
  expectBadValue("mqtt.broker", "http://127.0.0.1:1883");
  expectBadValue("mqtt.broker", "mqtt://cse:s3cret@127.0.0.1:1883");
  Config secret;
  EXPECT_EQ(applyConfigValue(secret, "mqtt.broker", "mqtts://cse:s3cret@h:8883").dbg().find("s3cret"),
            std::string::npos);
}

TEST(ConfigTest, ValidatesTheRulesBetweenKeys) {
  EXPECT_OK(parseArgs({}));
  auto https_without_keys = parseArgs({"--https.enabled=true"});
  ASSERT_FALSE(https_without_keys.isOk());
  EXPECT_EQ(https_without_keys.status().reason(), "config.tls_without_keys");
  EXPECT_NE(https_without_keys.status().dbg().find("tls.privateKey"), std::string::npos);
  auto client_auth_without_ca = parseArgs({"--https.enabled=true", "--tls.certificate=c.pem",
                                           "--tls.privateKey=k.pem", "--tls.clientAuth=required"});
  ASSERT_FALSE(client_auth_without_ca.isOk());
  EXPECT_EQ(client_auth_without_ca.status().reason(), "config.client_auth_without_ca");
  EXPECT_OK(parseArgs({"--https.enabled=true", "--tls.certificate=c.pem", "--tls.privateKey=k.pem",
                       "--tls.clientAuth=optional", "--tls.caFile=ca.pem", "--http.enabled=false"}));
  auto nothing_on = parseArgs({"--http.enabled=false"});
  ASSERT_FALSE(nothing_on.isOk());
  EXPECT_EQ(nothing_on.status().reason(), "config.no_binding");
  expectBadValue("tls.clientAuth", "sometimes");
  expectBadValue("https.enabled", "on");
  EXPECT_TRUE(parseArgs({"--help", "--https.enabled=true"}).isOk()) << "help needs no keys";
}

TEST(ConfigTest, ValidatesTheEnrolmentTargetKeys) {
  const std::vector<std::string> complete = {
      "--tls.psk=true", "--enrolment.mef=127.0.0.1:8443", "--enrolment.mefFqdn=mef.example",
      "--enrolment.credentialFile=cse.psk", "--enrolment.targetId=cse1.example"};
  auto ok = parseArgs(complete);
  ASSERT_OK(ok);
  EXPECT_EQ(ok.value().config.enrolment_target_id, "cse1.example");
  EXPECT_EQ(ok.value().config.enrolment_fetch_timeout_ms, 3000);
  for (size_t dropped = 0; dropped < complete.size(); ++dropped) {
    if (dropped == 1) continue;  // without enrolment.mef nothing is fetched: nothing is needed
    std::vector<std::string> args = complete;
    args.erase(args.begin() + static_cast<long>(dropped));
    auto incomplete = parseArgs(args);
    ASSERT_FALSE(incomplete.isOk()) << complete[dropped];
    EXPECT_EQ(incomplete.status().reason(), "config.enrolment_incomplete");
  }
  std::vector<std::string> no_port = complete;
  no_port[1] = "--enrolment.mef=127.0.0.1";
  EXPECT_EQ(parseArgs(no_port).status().reason(), "config.bad_value");
  expectBadValue("enrolment.fetchTimeout", "10");
  expectBadValue("enrolment.maxFetchesPerSecond", "0");
}

TEST(ConfigTest, StripsLeadingSlashesOfIds) {
  Config c;
  ASSERT_OK(applyConfigValue(c, "cse.id", "/id-x"));
  ASSERT_OK(applyConfigValue(c, "cse.spid", "//sp.example"));
  EXPECT_EQ(c.cse_id, "id-x");
  EXPECT_EQ(c.sp_id, "sp.example");
}

TEST(ConfigTest, MapsCseTypeToCode) {
  Config c;
  EXPECT_EQ(c.cseTypeCode(), 1);
  ASSERT_OK(applyConfigValue(c, "cse.type", "ASN"));
  EXPECT_EQ(c.cseTypeCode(), 3);
}

TEST(ConfigTest, RejectsBadValues) {
  expectBadValue("cse.id", "");
  expectBadValue("cse.id", "/");
  expectBadValue("cse.id", "a/b");
  expectBadValue("cse.type", "in");
  expectBadValue("cse.type", "XYZ");
  for (std::string port : {"", "-1", "65536", "80x", "http"}) {
    expectBadValue("http.port", port);
  }
  expectBadValue("http.threads", "-1");
  expectBadValue("http.threads", "1025");
  expectBadValue("http.threads", "many");
  expectBadValue("storage.sync", "yes");
  expectBadValue("storage.sync", "1");
  expectBadValue("log.level", "verbose");
  expectBadValue("limits.maxRequestBytes", "0");
  expectBadValue("limits.maxRequestBytes", "-5");
  expectBadValue("limits.maxRequestBytes", "1MB");
  expectBadValue("limits.maxHeaders", "7");
  expectBadValue("expiration.default", "0");
  expectBadValue("expiration.default", "-1");
  expectBadValue("expiration.max", "forever");
}

// Issue 24 #18: the CSEBase's loc comes from cse.location, checked as the attribute is.
TEST(ConfigTest, ReadsTheCseBaseLocation) {
  Config c;
  EXPECT_EQ(c.cse_location, "");
  ASSERT_OK(applyConfigValue(c, "cse.location", R"({"typ":1,"crd":"[13.4,52.5]"})"));
  EXPECT_EQ(c.cse_location, R"({"typ":1,"crd":"[13.4,52.5]"})");
  expectBadValue("cse.location", "[13.4,52.5]");
  expectBadValue("cse.location", R"({"typ":1})");
  expectBadValue("cse.location", R"({"typ":3,"crd":"[13.4,52.5]"})");
  expectBadValue("cse.location", "{not json");
}

TEST(ConfigTest, RejectsUnknownKey) {
  Config c;
  model::Status status = applyConfigValue(c, "http.prot", "8080");
  ASSERT_RSC(status, Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "config.unknown_key");
  EXPECT_NE(status.dbg().find("http.prot"), std::string::npos);
}

TEST(ConfigTest, LoadsFileWithCommentsAndSpacing) {
  citadel::testing::TempDir dir;
  std::string path = writeFile(dir,
                               "# a comment\n"
                               "\n"
                               "cse.name = cse-test   # trailing comment\n"
                               "http.port=9090\r\n"
                               "   storage.sync   =   true\n"
                               "\t\n");
  Config c;
  ASSERT_OK(loadConfigFile(c, path));
  EXPECT_EQ(c.cse_name, "cse-test");
  EXPECT_EQ(c.http_port, 9090);
  EXPECT_TRUE(c.storage_sync);
}

TEST(ConfigTest, ReportsLineOfSyntaxError) {
  citadel::testing::TempDir dir;
  std::string path = writeFile(dir, "cse.name = a\nthis line has no equals sign\n");
  Config c;
  model::Status status = loadConfigFile(c, path);
  ASSERT_RSC(status, Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "config.syntax");
  EXPECT_NE(status.dbg().find(":2:"), std::string::npos) << status.dbg();
}

TEST(ConfigTest, RejectsBadValueAndUnknownKeyInFile) {
  citadel::testing::TempDir dir;
  Config c;
  ASSERT_RSC(loadConfigFile(c, writeFile(dir, "http.port = high\n")), Rsc::kBadRequest);
  model::Status unknown = loadConfigFile(c, writeFile(dir, "nope = 1\n"));
  EXPECT_EQ(unknown.reason(), "config.unknown_key");
}

TEST(ConfigTest, ReadsTheAuthorizationKeys) {
  auto parsed = parseArgs({"--token.issuers=/etc/issuers", "--role.issuers=a.example.com, b.example.com,",
                           "--das.timeout=500", "--das.default=http://127.0.0.1:9090/das"});
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value().config.token_issuers, "/etc/issuers");
  EXPECT_EQ(parsed.value().config.role_issuers,
            (std::vector<std::string>{"a.example.com", "b.example.com"}));
  EXPECT_EQ(parsed.value().config.das_timeout_ms, 500);
  EXPECT_EQ(parsed.value().config.das_default,
            std::vector<std::string>{"http://127.0.0.1:9090/das"});
  for (const char* bad : {"--das.timeout=0", "--das.timeout=60001", "--das.timeout=soon"}) {
    EXPECT_FALSE(parseArgs({bad}).isOk()) << bad;
  }
}

TEST(ConfigTest, RejectsUnreadableFile) {
  Config c;
  model::Status status = loadConfigFile(c, "/nonexistent/citadel.conf");
  ASSERT_RSC(status, Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "config.unreadable");
}

TEST(ConfigTest, LoadsTheShippedExampleFile) {
  std::filesystem::path example =
      std::filesystem::path(CITADEL_TEST_CORPUS_DIR).parent_path().parent_path() /
      "citadel.conf.example";
  if (!std::filesystem::exists(example)) {
    GTEST_SKIP() << "no " << example;
  }
  Config c;
  EXPECT_OK(loadConfigFile(c, example.string()));
}

TEST(ConfigTest, ParsesCommandLineOverrides) {
  auto parsed = parseArgs({"--http.port=0", "--cse.name=cse-x", "--storage.path=/tmp/a=b"});
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value().config.http_port, 0);
  EXPECT_EQ(parsed.value().config.cse_name, "cse-x");
  EXPECT_EQ(parsed.value().config.storage_path, "/tmp/a=b");  // split at the first '='
  EXPECT_FALSE(parsed.value().show_help);
}

TEST(ConfigTest, LetsCommandLineOverrideConfigFileInAnyOrder) {
  citadel::testing::TempDir dir;
  std::string path = writeFile(dir, "http.port = 9000\ncse.name = from-file\n");
  // The override comes before --config on the command line and still wins.
  auto parsed = parseArgs({"--http.port=7000", "--config=" + path});
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value().config.http_port, 7000);
  EXPECT_EQ(parsed.value().config.cse_name, "from-file");
}

TEST(ConfigTest, RecognisesHelpFlags) {
  for (std::string flag : {"--help", "-h"}) {
    auto parsed = parseArgs({flag});
    ASSERT_OK(parsed);
    EXPECT_TRUE(parsed.value().show_help) << flag;
  }
}

TEST(ConfigTest, RejectsMalformedArguments) {
  for (std::string arg : {"positional", "-x", "--http.port", "-http.port=1", "--"}) {
    auto parsed = parseArgs({arg});
    ASSERT_RSC(parsed, Rsc::kBadRequest);
    EXPECT_EQ(parsed.status().reason(), "config.bad_argument") << arg;
  }
  auto unknown = parseArgs({"--no.such.key=1"});
  ASSERT_RSC(unknown, Rsc::kBadRequest);
  EXPECT_EQ(unknown.status().reason(), "config.unknown_key");
  auto missing = parseArgs({"--config=/nonexistent/x.conf"});
  ASSERT_RSC(missing, Rsc::kBadRequest);
  EXPECT_EQ(missing.status().reason(), "config.unreadable");
}

TEST(ConfigTest, ListsEveryKeyWithDefaultInHelp) {
  std::string help = helpText();
  EXPECT_NE(help.find("--config"), std::string::npos);
  for (const ConfigKey& key : configKeys()) {
    std::string line = std::string("--") + key.name + "=" + key.default_value;
    EXPECT_NE(help.find(line), std::string::npos) << line;
    EXPECT_NE(help.find(key.description), std::string::npos) << key.name;
  }
}

}  // namespace
}  // namespace citadel::engine

namespace citadel::engine {
namespace {

// Issue 15 #18: a password on the command line is readable in /proc/<pid>/cmdline by every
// local user; it still works, with a warning that never repeats the value.
TEST(ConfigSecretsTest, APasswordOnTheCommandLineIsAWarningWithoutTheValue) {
  auto parsed = parseArgs({"--mqtt.password=hunter2"});
  ASSERT_OK(parsed);
  ASSERT_EQ(parsed.value().warnings.size(), 1u);
  EXPECT_NE(parsed.value().warnings[0].find("mqtt.passwordFile"), std::string::npos);
  EXPECT_EQ(parsed.value().warnings[0].find("hunter2"), std::string::npos);
  auto from_file = parseArgs({"--mqtt.passwordFile=/run/secrets/mqtt"});
  ASSERT_OK(from_file);
  EXPECT_TRUE(from_file.value().warnings.empty());
  EXPECT_EQ(from_file.value().config.mqtt_password_file, "/run/secrets/mqtt");
}

TEST(ConfigSecretsTest, OnePasswordSourceOnly) {
  auto both = parseArgs({"--mqtt.password=p", "--mqtt.passwordFile=/run/secrets/mqtt"});
  ASSERT_FALSE(both.isOk());
  EXPECT_EQ(both.status().reason(), "config.mqtt_two_passwords");
  EXPECT_EQ(both.status().dbg().find("=p"), std::string::npos);
}

TEST(ConfigSecretsTest, TokensNeedAnAudienceByDefault) {
  EXPECT_TRUE(Config{}.token_require_audience);
  EXPECT_FALSE(Config{}.allow_insecure_key_files);
}

}  // namespace
}  // namespace citadel::engine
