// The config schema (config_schema.h): every declared key parses, checks and shows its value
// by its kind; the declared defaults are the struct's; --help and citadel.conf.example are
// generated from the declarations, and the shipped example is the generated one.
#include "cse/engine/config_schema.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "cse/engine/config.h"
#include "tests/support/status_macros.h"
#include "tests/unit/engine/config_expectations.h"

namespace citadel::engine {
namespace {

using model::Rsc;

TEST(ConfigSchemaTest, DeclaresDefaultsEqualToTheStructDefaults) {
  Config defaults;
  for (const ConfigKey& key : configKeys()) {
    EXPECT_EQ(key.show(defaults), key.default_value) << key.name;
  }
}

TEST(ConfigSchemaTest, ShowsWhatItApplied) {
  for (const ConfigKey& key : configKeys()) {
    Config config;
    ASSERT_OK(key.apply(config, key.default_value));
    EXPECT_EQ(key.show(config), key.default_value) << key.name;
  }
  Config c;
  ASSERT_OK(applyConfigValue(c, "das.default", " http://a/das , ,http://b/das"));
  EXPECT_EQ(findConfigKey("das.default")->show(c), "http://a/das,http://b/das");
}

TEST(ConfigSchemaTest, GroupsEveryKeyUnderTheSectionOfItsComponent) {
  for (const ConfigSection& section : configSections()) {
    ASSERT_FALSE(section.keys.empty()) << section.title;
    std::string component = section.keys.front().name;
    component = component.substr(0, component.find('.') + 1);
    for (const ConfigKey& key : section.keys) {
      EXPECT_TRUE(std::string(key.name).starts_with(component))
          << key.name << " in the section of " << component;
    }
  }
}

TEST(ConfigSchemaTest, FindsOnlyDeclaredKeys) {
  ASSERT_NE(findConfigKey("http.port"), nullptr);
  EXPECT_STREQ(findConfigKey("http.port")->name, "http.port");
  EXPECT_EQ(findConfigKey("http.Port"), nullptr);
  EXPECT_EQ(findConfigKey("http"), nullptr);
  EXPECT_EQ(findConfigKey(""), nullptr);
  Config c;
  model::Status status = applyConfigValue(c, "coap.thread", "2");
  ASSERT_RSC(status, Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "config.unknown_key");
}

TEST(ConfigSchemaTest, RejectsIntegersOutsideTheirRange) {
  for (const char* value : {"0", "257", "-1", "1.5", " 4", "4 ", "0x10"}) {
    expectBadValue("notification.workers", value);
  }
  expectBadValue("das.timeout", "60001");
  expectBadValue("expiration.checkInterval", "9");
  expectBadValue("https.port", "65536");
  expectBadValue("limits.maxRequestBytes", "18446744073709551616");  // 2^64
  Config c;
  ASSERT_OK(applyConfigValue(c, "notification.workers", "256"));
  ASSERT_OK(applyConfigValue(c, "das.timeout", "60000"));
  ASSERT_OK(applyConfigValue(c, "expiration.checkInterval", "10"));
  ASSERT_OK(applyConfigValue(c, "https.port", "65535"));
  EXPECT_EQ(c.notification_workers, 256);
  EXPECT_EQ(c.das_timeout_ms, 60000);
  EXPECT_EQ(c.expiry_interval_ms, 10);
  EXPECT_EQ(c.https_port, 65535);
}

TEST(ConfigSchemaTest, NamesTheRangeInTheError) {
  Config c;
  model::Status status = applyConfigValue(c, "das.timeout", "0");
  EXPECT_NE(status.dbg().find("an integer 1..60000 (ms)"), std::string::npos) << status.dbg();
}

TEST(ConfigSchemaTest, LeavesTheFieldUnchangedWhenRejected) {
  Config c;
  ASSERT_OK(applyConfigValue(c, "coap.threads", "3"));
  ASSERT_OK(applyConfigValue(c, "cse.id", "id-a"));
  EXPECT_FALSE(applyConfigValue(c, "coap.threads", "0").isOk());
  EXPECT_FALSE(applyConfigValue(c, "cse.id", "a/b").isOk());
  EXPECT_FALSE(applyConfigValue(c, "tls.clientAuth", "always").isOk());
  EXPECT_EQ(c.coap_threads, 3);
  EXPECT_EQ(c.cse_id, "id-a");
  EXPECT_EQ(c.tls_client_auth, "none");
}

TEST(ConfigSchemaTest, AcceptsOnlyTheDeclaredEnumValues) {
  Config c;
  for (const char* value : {"none", "optional", "required"}) {
    ASSERT_OK(applyConfigValue(c, "tls.clientAuth", value));
    EXPECT_EQ(c.tls_client_auth, value);
  }
  for (const char* value : {"", "None", "REQUIRED", "optional "}) {
    expectBadValue("tls.clientAuth", value);
  }
  Config bad;
  EXPECT_NE(applyConfigValue(bad, "cse.type", "XYZ").dbg().find("IN, MN or ASN"),
            std::string::npos);
  for (const char* level : {"debug", "info", "warning", "warn", "error", "off"}) {
    EXPECT_OK(applyConfigValue(c, "log.level", level));
  }
}

TEST(ConfigSchemaTest, AcceptsOnlyTrueAndFalseForEveryBool) {
  int bools = 0;
  for (const ConfigKey& key : configKeys()) {
    if (key.values != "true|false") {
      continue;
    }
    ++bools;
    Config c;
    ASSERT_OK(key.apply(c, "true"));
    EXPECT_EQ(key.show(c), "true") << key.name;
    ASSERT_OK(key.apply(c, "false"));
    EXPECT_EQ(key.show(c), "false") << key.name;
    for (const char* value : {"", "1", "0", "yes", "no", "on", "off", "TRUE", "True"}) {
      expectBadValue(key.name, value);
    }
  }
  EXPECT_EQ(bools, 18) << "http, https, coap, coaps, mqtt enabled; storage.sync; tls.psk; "
                          "upperTester.enabled; security.allowInsecureKeyFiles; "
                          "registrar.requestReachable; "
                          "token.requireAudience; esprim.enabled; esprim.certKe; "
                          "enrolment.enrolCertificate; enrolment.useCertificate; "
                          "authorization.pdp; authorization.prp; authorization.pip";
}

TEST(ConfigSchemaTest, ShowsSectionsDefaultsAndValuesInHelp) {
  std::string help = helpText();
  for (const ConfigSection& section : configSections()) {
    EXPECT_NE(help.find(std::string("\n") + section.title + ":\n"), std::string::npos)
        << section.title;
  }
  EXPECT_NE(help.find("--cse.type=IN  [IN|MN|ASN]"), std::string::npos) << help;
  EXPECT_NE(help.find("--coap.threads=8  [1..256]"), std::string::npos) << help;
  EXPECT_NE(help.find("--http.enabled=true  [true|false]"), std::string::npos) << help;
}

// The "key = value" lines of an example text (commented lines skipped).
std::map<std::string, std::string> settingsOf(const std::string& text) {
  std::map<std::string, std::string> settings;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    size_t eq = line.find(" =");
    if (line.empty() || line[0] == '#' || eq == std::string::npos) {
      continue;
    }
    std::string value = line.substr(eq + 2);
    settings[line.substr(0, eq)] = value.empty() ? value : value.substr(1);
  }
  return settings;
}

TEST(ConfigSchemaTest, GeneratesAnExampleWithEveryKeyAtItsDefault) {
  std::map<std::string, std::string> settings = settingsOf(exampleConfigText());
  EXPECT_EQ(settings.size(), configKeys().size()) << "one line per key, no other key";
  for (const ConfigKey& key : configKeys()) {
    auto it = settings.find(key.name);
    ASSERT_NE(it, settings.end()) << key.name;
    EXPECT_EQ(it->second, key.default_value) << key.name;
  }
}

TEST(ConfigSchemaTest, ShipsTheExampleFileGeneratedFromTheDeclarations) {
  std::filesystem::path example =
      std::filesystem::path(CITADEL_SOURCE_DIR) / "citadel.conf.example";
  std::ifstream in(example);
  ASSERT_TRUE(in) << "no " << example;
  std::stringstream shipped;
  shipped << in.rdbuf();
  EXPECT_EQ(shipped.str(), exampleConfigText())
      << "citadel.conf.example is stale: run `ninja -C build config_example`";
}

}  // namespace
}  // namespace citadel::engine
