// Access-control contexts (acco): actw schedules (7 fields, UTC), acip CIDR ranges, and their
// combination. Malformed input never matches (deny-safe).
#include "security/access_context.h"

#include <gtest/gtest.h>

#include <string>

namespace citadel::security {
namespace {

using model::Json;

// Thursday 2024-02-29T12:34:56Z: sec 56, min 34, hour 12, day 29, month 2, weekday 4, 2024.
const model::TimePoint kThursday = model::TimePoint(std::chrono::seconds(1709210096));

bool at(std::string_view schedule) { return scheduleMatches(schedule, kThursday); }

TEST(ScheduleTest, MatchesAllStars) { EXPECT_TRUE(at("* * * * * * *")); }

TEST(ScheduleTest, MatchesExactValuesInEachField) {
  EXPECT_TRUE(at("56 34 12 29 2 4 2024"));
  EXPECT_FALSE(at("55 * * * * * *"));
  EXPECT_FALSE(at("* 35 * * * * *"));
  EXPECT_FALSE(at("* * 13 * * * *"));
  EXPECT_FALSE(at("* * * 28 * * *"));
  EXPECT_FALSE(at("* * * * 3 * *"));
  EXPECT_FALSE(at("* * * * * 5 *"));
  EXPECT_FALSE(at("* * * * * * 2025"));
}

TEST(ScheduleTest, EvaluatesInUtc) {
  // 12:34 UTC; a local-time evaluation on a non-UTC machine would give another hour.
  EXPECT_TRUE(at("* * 12 * * * *"));
}

TEST(ScheduleTest, MatchesRanges) {
  EXPECT_TRUE(at("* * 8-17 * * 1-5 *"));
  EXPECT_TRUE(at("* * 12-12 * * * *"));
  EXPECT_FALSE(at("* * 13-23 * * * *"));
  EXPECT_FALSE(at("* * * * * 0-3 *"));
  EXPECT_FALSE(at("* * 17-8 * * * *"));  // reversed range is empty
}

TEST(ScheduleTest, MatchesLists) {
  EXPECT_TRUE(at("* * 1,12,20 * * * *"));
  EXPECT_TRUE(at("* * * * * 0,4 *"));
  EXPECT_TRUE(at("* * 0-5,10-14 * * * *"));
  EXPECT_FALSE(at("* * 1,2,3 * * * *"));
}

TEST(ScheduleTest, MatchesSteps) {
  EXPECT_TRUE(at("*/2 * * * * * *"));       // 56 is even
  EXPECT_FALSE(at("*/5 * * * * * *"));      // 56 is not a multiple of 5
  EXPECT_TRUE(at("* */17 * * * * *"));      // 34 = 2 * 17
  EXPECT_TRUE(at("* 30-40/4 * * * * *"));   // 30, 34, 38
  EXPECT_FALSE(at("* 31-40/4 * * * * *"));  // 31, 35, 39
  EXPECT_TRUE(at("* * 2/5 * * * *"));       // 2, 7, 12, ...
}

TEST(ScheduleTest, ToleratesRepeatedSpaces) { EXPECT_TRUE(at("*  *   12 * * * *")); }

TEST(ScheduleTest, RejectsMalformedSchedules) {
  for (std::string s :
       {"", "* * * * * *", "* * * * * * * *", "a * * * * * *", "* * 1- * * * *", "* * -1 * * * *",
        "* * */0 * * * *", "* * */-2 * * * *", "* * 1,,12 * * * *", "* * 12/ * * * *",
        "* * 1-2-3 * * * *", "* * 99999999999 * * * *", "* * 12x * * * *"}) {
    EXPECT_FALSE(at(s)) << "'" << s << "'";
  }
}

TEST(ScheduleTest, RejectsMalformedItemEvenAfterAMatchingOne) {
  EXPECT_FALSE(at("* * 12,x * * * *"));
}

TEST(IpRangeTest, MatchesIpv4Cidr) {
  EXPECT_TRUE(ipInRange("10.1.2.3", "10.0.0.0/8"));
  EXPECT_TRUE(ipInRange("192.168.1.200", "192.168.1.128/25"));
  EXPECT_FALSE(ipInRange("192.168.1.100", "192.168.1.128/25"));
  EXPECT_TRUE(ipInRange("1.2.3.4", "0.0.0.0/0"));
  EXPECT_TRUE(ipInRange("127.0.0.1", "127.0.0.1/32"));
  EXPECT_FALSE(ipInRange("127.0.0.2", "127.0.0.1/32"));
}

TEST(IpRangeTest, MatchesSingleAddressWithoutPrefix) {
  EXPECT_TRUE(ipInRange("127.0.0.1", "127.0.0.1"));
  EXPECT_FALSE(ipInRange("127.0.0.1", "127.0.0.2"));
  EXPECT_TRUE(ipInRange("::1", "::1"));
}

TEST(IpRangeTest, MatchesIpv6Cidr) {
  EXPECT_TRUE(ipInRange("fe80::1", "fe80::/10"));
  EXPECT_TRUE(ipInRange("febf::1", "fe80::/10"));
  EXPECT_FALSE(ipInRange("fec0::1", "fe80::/10"));
  EXPECT_TRUE(ipInRange("2001:db8::abcd", "2001:db8::/32"));
  EXPECT_FALSE(ipInRange("2001:db9::1", "2001:db8::/32"));
  EXPECT_TRUE(ipInRange("2001:db8::1", "::/0"));
}

TEST(IpRangeTest, NeverMatchesAcrossFamilies) {
  EXPECT_FALSE(ipInRange("10.0.0.1", "::/0"));
  EXPECT_FALSE(ipInRange("::ffff:10.0.0.1", "10.0.0.0/8"));
  EXPECT_FALSE(ipInRange("::1", "0.0.0.0/0"));
}

TEST(IpRangeTest, NeverMatchesMalformedInput) {
  EXPECT_FALSE(ipInRange("", "10.0.0.0/8"));
  EXPECT_FALSE(ipInRange("10.0.0.1", ""));
  EXPECT_FALSE(ipInRange("10.0.0.256", "10.0.0.0/8"));
  EXPECT_FALSE(ipInRange("10.0.0.1:8080", "10.0.0.0/8"));
  EXPECT_FALSE(ipInRange("localhost", "127.0.0.0/8"));
  EXPECT_FALSE(ipInRange("10.0.0.1", "10.0.0.0/33"));
  EXPECT_FALSE(ipInRange("10.0.0.1", "10.0.0.0/-1"));
  EXPECT_FALSE(ipInRange("10.0.0.1", "10.0.0.0/"));
  EXPECT_FALSE(ipInRange("10.0.0.1", "10.0.0.0/8x"));
  EXPECT_FALSE(ipInRange("::1", "::/129"));
  EXPECT_FALSE(ipInRange("10.0.0.1", "10.0.0/8"));
}

TEST(AccessContextTest, MatchesEmptyContext) {
  EXPECT_TRUE(accessContextMatches(Json::object(), kThursday, "10.0.0.1", nullptr));
}

TEST(AccessContextTest, RequiresOneMatchingTimeWindow) {
  Json context = {{"actw", {"* * 0-6 * * * *", "* * 12 * * * *"}}};
  EXPECT_TRUE(accessContextMatches(context, kThursday, "10.0.0.1", nullptr));
  context = {{"actw", {"* * 0-6 * * * *"}}};
  EXPECT_FALSE(accessContextMatches(context, kThursday, "10.0.0.1", nullptr));
  context = {{"actw", Json::array()}};
  EXPECT_FALSE(accessContextMatches(context, kThursday, "10.0.0.1", nullptr));
}

TEST(AccessContextTest, RequiresOneMatchingIpRangeOfEitherFamily) {
  Json context = {{"acip", {{"ipv4", {"192.168.0.0/16", "10.0.0.0/8"}}, {"ipv6", {"::1"}}}}};
  EXPECT_TRUE(accessContextMatches(context, kThursday, "10.9.9.9", nullptr));
  EXPECT_TRUE(accessContextMatches(context, kThursday, "::1", nullptr));
  EXPECT_FALSE(accessContextMatches(context, kThursday, "172.16.0.1", nullptr));
  EXPECT_FALSE(accessContextMatches(context, kThursday, "", nullptr));  // internal request: no address
}

TEST(AccessContextTest, RequiresEveryPresentPart) {
  Json context = {{"actw", {"* * 12 * * * *"}}, {"acip", {{"ipv4", {"10.0.0.0/8"}}}}};
  EXPECT_TRUE(accessContextMatches(context, kThursday, "10.0.0.1", nullptr));
  EXPECT_FALSE(accessContextMatches(context, kThursday, "11.0.0.1", nullptr));
  context["actw"] = {"* * 13 * * * *"};
  EXPECT_FALSE(accessContextMatches(context, kThursday, "10.0.0.1", nullptr));
}

TEST(AccessContextTest, MatchesLocationOnlyForARetainedLocationInTheRegion) {
  Json context = {{"aclr", {{"accc", {"DE"}}}}};
  EXPECT_FALSE(accessContextMatches(context, kThursday, "10.0.0.1", nullptr));  // none known
  OriginatorLocation berlin{52.52, 13.405, "DE"};
  OriginatorLocation paris{48.8566, 2.3522, "FR"};
  EXPECT_TRUE(accessContextMatches(context, kThursday, "10.0.0.1", &berlin));
  EXPECT_FALSE(accessContextMatches(context, kThursday, "10.0.0.1", &paris));
  context["actw"] = {"* * 13 * * * *"};  // every present part must hold
  EXPECT_FALSE(accessContextMatches(context, kThursday, "10.0.0.1", &berlin));
}

TEST(AccessContextTest, NeverMatchesMalformedContext) {
  EXPECT_FALSE(accessContextMatches("x", kThursday, "10.0.0.1", nullptr));
  EXPECT_FALSE(accessContextMatches(Json::array(), kThursday, "10.0.0.1", nullptr));
  EXPECT_FALSE(accessContextMatches({{"actw", {1, 2}}}, kThursday, "10.0.0.1", nullptr));
  EXPECT_FALSE(accessContextMatches({{"acip", {{"ipv4", "10.0.0.0/8"}}}}, kThursday, "10.0.0.1", nullptr));
}

}  // namespace
}  // namespace citadel::security
