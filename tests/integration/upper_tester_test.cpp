// The upper-tester interface (POST /__ut__, X-M2M-UTCMD -> X-M2M-UTRSP) that conformance tools
// use to drive a CSE under test: Status, Reset, GetConfig, short resource / request expiration,
// testCaseStart/End, errors, and 403 when switched off.
#include <gtest/gtest.h>

#include "tests/support/cse_fixture.h"
#include "tests/support/timestamps.h"

namespace citadel::testing {
namespace {

using namespace std::chrono_literals;

class UpperTesterBase : public CseFixture {
 protected:
  HttpResult command(const std::string& cmd) {
    return http().raw("POST", "/__ut__", {{"X-M2M-UTCMD", cmd}});
  }
  // Seconds from now until the `et` of `resource` (a created resource's representation).
  static int64_t secondsUntilExpiry(const Json& resource) {
    auto et = parseTimestamp(resource.value("et", ""));
    EXPECT_TRUE(et.has_value()) << "no valid et in " << resource.dump();
    if (!et) {
      return -1;
    }
    return std::chrono::duration_cast<std::chrono::seconds>(*et - std::chrono::system_clock::now())
        .count();
  }
};

class UpperTesterTest : public UpperTesterBase {
 protected:
  static void SetUpTestSuite() { startCse({"--upperTester.enabled=true"}); }
  void TearDown() override {
    // Leave the shared CSE as found for the next test in this process.
    command("disableShortResourceExpiration");
    command("disableShortRequestExpiration");
  }
};

TEST_F(UpperTesterTest, ReportsRunningStatus) {
  HttpResult r = command("Status");
  EXPECT_EQ(r.http_status, 200) << r;
  EXPECT_EQ(r.header("X-M2M-UTRSP"), "RUNNING");
}

TEST_F(UpperTesterTest, AnswersConfigurationValues) {
  HttpResult id = command("GetConfig cse.id");
  EXPECT_EQ(id.http_status, 200) << id;
  EXPECT_EQ(id.header("X-M2M-UTRSP"), "/id-in");
  EXPECT_EQ(command("GetConfig cse.name").header("X-M2M-UTRSP"), "cse-in");
  EXPECT_EQ(command("GetConfig cse.spid").header("X-M2M-UTRSP"), "citadel.example.com");
  // The port a tool must talk to: the bound one (the CSE runs with http.port=0).
  EXPECT_EQ(command("GetConfig http.port").header("X-M2M-UTRSP"), std::to_string(cse().port()));
  HttpResult unknown = command("GetConfig no.such.key");
  EXPECT_EQ(unknown.http_status, 400) << unknown;
}

TEST_F(UpperTesterTest, ResetDeletesEveryResourceAndRestoresTheCseBase) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_EQ(createCin(ae.id, cnt, "x").rsc, 2001);

  HttpResult r = command("Reset");
  ASSERT_EQ(r.http_status, 200) << r;

  EXPECT_EQ(http().retrieve(kAdmin, ae.path).rsc, 4004) << "the AE survived Reset";
  EXPECT_EQ(http().retrieve(kAdmin, cnt).rsc, 4004);
  HttpResult base = http().retrieve(kAdmin, kCseBase);
  EXPECT_EQ(base.rsc, 2000) << base;
  HttpResult children = http().retrieve(kAdmin, kCseBase, "rcn=6");
  ASSERT_EQ(children.rsc, 2000) << children;
  for (const auto& ref : children.json["m2m:rrl"]["rrf"]) {
    EXPECT_EQ(ref.value("typ", 0), 1) << "only the default ACP remains: " << ref.dump();
  }
  // The same AE registers again (its old registration is gone), and the default ACP works.
  std::string again = http().registerAe(ae.name);
  EXPECT_EQ(again, ae.id);
  EXPECT_EQ(http().retrieve(ae.id, kCseBase).rsc, 2000);
}

// enableShortResourceExpiration shortens the expiry check, not the default et (issue 24 #25):
// tests/integration/conformance_upper_tester_test.cpp.

TEST_F(UpperTesterTest, AcceptsShortRequestExpirationAndTestCaseMarkers) {
  EXPECT_EQ(command("enableShortRequestExpiration 5").http_status, 200);
  EXPECT_EQ(command("disableShortRequestExpiration").http_status, 200);
  EXPECT_EQ(command("testCaseStart TC_CSE_DMR_RET_001").http_status, 200);
  EXPECT_EQ(command("testCaseEnd TC_CSE_DMR_RET_001").http_status, 200);
}

TEST_F(UpperTesterTest, RejectsUnknownCommandsAndBadArguments) {
  HttpResult unknown = command("FormatDisk");
  EXPECT_EQ(unknown.http_status, 400) << unknown;
  EXPECT_FALSE(unknown.header("X-M2M-UTRSP").empty()) << "the answer names the problem";
  EXPECT_EQ(command("enableShortResourceExpiration soon").http_status, 400);
  EXPECT_EQ(command("enableShortResourceExpiration -5").http_status, 400);
  EXPECT_EQ(command("enableShortResourceExpiration").http_status, 400);
  HttpResult missing = http().raw("POST", "/__ut__", {});
  EXPECT_EQ(missing.http_status, 400) << "POST without X-M2M-UTCMD";
}

class UpperTesterDisabledTest : public UpperTesterBase {};

TEST_F(UpperTesterDisabledTest, RefusesCommandsWhenNotEnabled) {
  Ae ae = registerAe();
  HttpResult r = command("Reset");
  EXPECT_EQ(r.http_status, 403) << r;
  EXPECT_EQ(r.header("X-M2M-RSC"), "4103") << r;
  EXPECT_EQ(command("Status").http_status, 403);
  EXPECT_EQ(http().retrieve(ae.id, ae.path).rsc, 2000) << "a refused Reset deletes nothing";
}

}  // namespace
}  // namespace citadel::testing
