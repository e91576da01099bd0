// The registrar.* and security.plainCse keys (config_keys_registration.cpp) and their rules
// between keys (validateConfig): only an MN-CSE or ASN-CSE registers, url and cseId together.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cse/engine/config.h"
#include "tests/support/status_macros.h"
#include "tests/unit/engine/config_expectations.h"

namespace citadel::engine {
namespace {

model::Result<CommandLine> parse(std::vector<std::string> args) {
  std::vector<char*> argv{const_cast<char*>("citadel")};
  for (auto& arg : args) argv.push_back(arg.data());
  return parseCommandLine(static_cast<int>(argv.size()), argv.data());
}

TEST(ConfigRegistrationTest, AppliesTheRegistrarKeys) {
  auto parsed = parse({"--cse.type=MN", "--cse.id=id-mn", "--registrar.url=http://127.0.0.1:8080/",
                       "--registrar.cseId=/id-in", "--registrar.cseBaseName=cse-up",
                       "--registrar.retryMax=2000", "--security.plainCse=loopback"});
  ASSERT_OK(parsed);
  const Config& c = parsed.value().config;
  EXPECT_EQ(c.registrar_url, "http://127.0.0.1:8080");  // trailing '/' dropped
  EXPECT_EQ(c.registrar_cse_id, "id-in");                // leading '/' dropped
  EXPECT_EQ(c.registrar_cse_base_name, "cse-up");
  EXPECT_EQ(c.registrar_retry_max_ms, 2000);
  EXPECT_EQ(c.plain_cse, "loopback");
  EXPECT_TRUE(c.registrar_request_reachable);
  EXPECT_EQ(c.registrar_poll_wait_ms, 20000);
}

TEST(ConfigRegistrationTest, AppliesAnHttpsRegistrarAndPolling) {
  auto parsed = parse({"--cse.type=MN", "--cse.id=id-mn", "--registrar.url=https://in.example:8443",
                       "--registrar.cseId=id-in", "--registrar.requestReachable=false",
                       "--registrar.pollWait=5000"});
  ASSERT_OK(parsed);
  const Config& c = parsed.value().config;
  EXPECT_EQ(c.registrar_url, "https://in.example:8443");
  EXPECT_FALSE(c.registrar_request_reachable);
  EXPECT_EQ(c.registrar_poll_wait_ms, 5000);
}

TEST(ConfigRegistrationTest, RefusesBadValues) {
  expectBadValue("registrar.url", "ftp://host");
  expectBadValue("registrar.url", "http://");
  expectBadValue("registrar.url", "https://");
  expectBadValue("registrar.pollWait", "500");
  expectBadValue("registrar.pollWait", "31000");
  expectBadValue("registrar.cseId", "id/in");
  expectBadValue("registrar.retryMax", "10");
  expectBadValue("security.plainCse", "yes");
}

TEST(ConfigRegistrationTest, ValidatesTheRulesBetweenKeys) {
  auto in = parse({"--registrar.url=http://127.0.0.1:8080", "--registrar.cseId=id-up"});
  ASSERT_FALSE(in.isOk());
  EXPECT_EQ(in.status().reason(), "config.registrar_for_in");
  auto no_id = parse({"--cse.type=MN", "--registrar.url=http://127.0.0.1:8080"});
  ASSERT_FALSE(no_id.isOk());
  EXPECT_EQ(no_id.status().reason(), "config.registrar_incomplete");
  auto self = parse({"--cse.type=MN", "--cse.id=id-mn", "--registrar.url=http://127.0.0.1:1",
                     "--registrar.cseId=id-mn"});
  ASSERT_FALSE(self.isOk());
  EXPECT_EQ(self.status().reason(), "config.registrar_is_self");
}

}  // namespace
}  // namespace citadel::engine
