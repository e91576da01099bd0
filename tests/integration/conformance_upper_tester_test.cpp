// Issue 24, items 24-27: the upper-tester interface as conformance tools drive it (POST /__ut__
// with X-M2M-UTCMD; the answer in X-M2M-RSC and X-M2M-UTRSP). README.md ("Upper tester") lists
// the commands and their answers; these tests hold the CSE to that list.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cse_fixture.h"
#include "tests/support/timestamps.h"

namespace citadel::testing {
namespace {

class ConformanceUpperTesterTest : public CseFixture {
 protected:
  static void SetUpTestSuite() { startCse({"--upperTester.enabled=true"}); }
  void TearDown() override {
    command("disableShortResourceExpiration");
    command("disableShortRequestExpiration");
  }
  HttpResult command(const std::string& cmd) {
    return http().raw("POST", "/__ut__", {{"X-M2M-UTCMD", cmd}});
  }
  // HTTP status, X-M2M-RSC and (when given) X-M2M-UTRSP of one answer.
  static void expectAnswer(const HttpResult& r, int http_status, const std::string& rsc,
                           std::optional<std::string> utrsp = std::nullopt) {
    EXPECT_EQ(r.http_status, http_status) << r;
    EXPECT_EQ(r.header("X-M2M-RSC"), rsc) << r;
    if (utrsp) EXPECT_EQ(r.header("X-M2M-UTRSP"), *utrsp) << r;
  }
  // A container with a request header (X-M2M-OET) under `ae`.
  HttpResult createWithOet(const Ae& ae, const std::string& oet) {
    Json body = {{"m2m:cnt", {{"rn", uniqueName("c")}}}};
    return http().raw("POST", ae.path,
                      {{"X-M2M-Origin", ae.id},
                       {"X-M2M-RI", HttpClient::nextRequestId()},
                       {"X-M2M-RVI", "3"},
                       {"X-M2M-OET", oet},
                       {"Content-Type", "application/json;ty=3"}},
                      body.dump());
  }
};

// Item 24: every answer carries X-M2M-RSC, 2000 with HTTP 200 on success and 4000 with HTTP 400
// on a bad command or argument; a result value travels in X-M2M-UTRSP.
TEST_F(ConformanceUpperTesterTest, EveryAnswerCarriesRsc) {
  expectAnswer(command("Status"), 200, "2000", "RUNNING");
  expectAnswer(command("GetConfig cse.id"), 200, "2000", "/id-in");
  expectAnswer(command("testCaseStart TC_X"), 200, "2000");
  expectAnswer(command("testCaseEnd TC_X"), 200, "2000");
  for (const char* bad : {"FormatDisk", "GetConfig no.such.key", "enableShortResourceExpiration",
                          "enableShortResourceExpiration soon", "enableShortResourceExpiration -5",
                          "enableShortRequestExpiration 0", "enableShortRequestExpiration 1,5"}) {
    HttpResult r = command(bad);
    expectAnswer(r, 400, "4000");
    EXPECT_FALSE(r.header("X-M2M-UTRSP").empty()) << bad << ": the answer names the problem";
  }
  expectAnswer(http().raw("POST", "/__ut__", {}), 400, "4000");
  expectAnswer(http().raw("GET", "/__ut__", {{"X-M2M-UTCMD", "Status"}}), 400, "4000");
  // The bad commands changed nothing: the settings are still the defaults.
  expectAnswer(command("enableShortRequestExpiration 1"), 200, "2000", "0");
}

// Item 25: enableShortResourceExpiration <s> sets the expiry check interval to <s> seconds and
// answers "<previous check interval>,<maximum expiration delta>" (seconds); it leaves the
// default et of new resources alone. disableShortResourceExpiration restores the configured
// interval (expiration.checkInterval, 1 s here) and answers in the same form.
TEST_F(ConformanceUpperTesterTest, ShortResourceExpirationShortensTheCheckInterval) {
  const std::string max = "315360000";  // expiration.max
  expectAnswer(command("enableShortResourceExpiration 2"), 200, "2000", "1," + max);
  // The interval now in force is the previous value of the next change.
  expectAnswer(command("enableShortResourceExpiration 0.5"), 200, "2000", "2," + max);

  Ae ae = registerAe();
  HttpResult cnt = http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", uniqueName("c")}}}});
  ASSERT_EQ(cnt.rsc, 2001) << cnt;
  auto et = parseTimestamp(cnt.resource().value("et", ""));
  ASSERT_TRUE(et.has_value()) << cnt;
  EXPECT_GT(*et - std::chrono::system_clock::now(), std::chrono::hours(24))
      << "the default et (expiration.default) is unchanged: " << cnt.resource().dump();
  // A short et the tester asks for is kept as asked.
  std::string soon = timestampFromNow(std::chrono::seconds(30));
  HttpResult chosen =
      http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", uniqueName("c")}, {"et", soon}}}});
  ASSERT_EQ(chosen.rsc, 2001) << chosen;
  EXPECT_EQ(http()
                .retrieve(ae.id, ae.path + "/" + chosen.resource().value("rn", ""))
                .resource()
                .value("et", "")
                .substr(0, 15),
            soon.substr(0, 15));

  expectAnswer(command("disableShortResourceExpiration"), 200, "2000", "0.5," + max);
  expectAnswer(command("enableShortResourceExpiration 3"), 200, "2000", "1," + max);
}

// Item 26: enableShortRequestExpiration <s> takes fractional seconds, answers the previous
// value ("0": none) and applies at once: a request held for an operation execution time beyond
// it answers 4008 REQUEST_TIMEOUT on arrival, and stores nothing. disable restores "none".
TEST_F(ConformanceUpperTesterTest, ShortRequestExpirationTakesFractionalSeconds) {
  expectAnswer(command("enableShortRequestExpiration 3.0"), 200, "2000", "0");
  expectAnswer(command("enableShortRequestExpiration 0.25"), 200, "2000", "3");
  Ae ae = registerAe();
  HttpResult held = createWithOet(ae, "5000");  // oet 5 s ahead, past the 0.25 s limit
  EXPECT_EQ(held.rsc, 4008) << held;
  HttpResult children = http().retrieve(ae.id, ae.path, "rcn=6");
  EXPECT_TRUE(children.json["m2m:rrl"].value("rrf", Json::array()).empty())
      << "nothing was created: " << children;
  expectAnswer(command("disableShortRequestExpiration"), 200, "2000", "0.25");
  expectAnswer(command("enableShortRequestExpiration 1.5"), 200, "2000", "0");
}

// Item 27: after Reset the CSEBase is a new one: its ct (and lt) is strictly newer than the ct
// it had before, even when the Reset follows within the same second.
TEST_F(ConformanceUpperTesterTest, ResetLeavesANewerCseBase) {
  HttpResult before = http().retrieve(kAdmin, kCseBase);
  ASSERT_EQ(before.rsc, 2000) << before;
  Ae ae = registerAe();
  expectAnswer(command("Reset"), 200, "2000");
  HttpResult after = http().retrieve(kAdmin, kCseBase);
  ASSERT_EQ(after.rsc, 2000) << after;
  auto old_ct = parseTimestamp(before.resource().value("ct", ""));
  auto new_ct = parseTimestamp(after.resource().value("ct", ""));
  ASSERT_TRUE(old_ct && new_ct) << before << after;
  EXPECT_GT(*new_ct, *old_ct) << before.resource().value("ct", "") << " -> "
                              << after.resource().value("ct", "");
  EXPECT_EQ(after.resource().value("lt", ""), after.resource().value("ct", ""));
  EXPECT_EQ(after.resource()["ri"], before.resource()["ri"]) << "the same CSE-ID";
  EXPECT_EQ(http().retrieve(kAdmin, ae.path).rsc, 4004) << "the AE is gone";
  // A second Reset at once: newer again.
  expectAnswer(command("Reset"), 200, "2000");
  auto third = parseTimestamp(http().retrieve(kAdmin, kCseBase).resource().value("ct", ""));
  ASSERT_TRUE(third.has_value());
  EXPECT_GT(*third, *new_ct);
}

}  // namespace
}  // namespace citadel::testing
