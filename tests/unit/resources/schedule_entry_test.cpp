// m2m:scheduleEntry (TS-0004 Table 7.4.9.1-4 and its examples): parsing, matching in UTC, and
// hostile entries refused with a dbg naming the field.
#include "resources/types/schedule_entry.h"

#include <gtest/gtest.h>

#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;

model::TimePoint at(const char* timestamp) { return *model::parseTimestamp(timestamp); }

ScheduleEntry entry(const char* text) {
  auto parsed = ScheduleEntry::parse(text);
  EXPECT_TRUE(parsed.isOk()) << text << ": " << parsed.status().dbg();
  return parsed.isOk() ? std::move(parsed).value() : ScheduleEntry::parse("* * * * * * *").value();
}

TEST(ScheduleEntryTest, TheSpecsExamplesMatchWhatTheySay) {
  // Example 1: 2:00-2:05, 6:00-6:05 and 10:00-10:05 every day.
  ScheduleEntry windows = entry("* 0-5 2,6,10 * * * *");
  EXPECT_TRUE(windows.matches(at("20270101T020400")));
  EXPECT_TRUE(windows.matches(at("20270101T100559")));
  EXPECT_FALSE(windows.matches(at("20270101T020600")));
  EXPECT_FALSE(windows.matches(at("20270101T030000")));
  // Example 2: not between 20:00 and 8:00.
  ScheduleEntry day = entry("* * 8-20 * * * *");
  EXPECT_TRUE(day.matches(at("20270101T080000")));
  EXPECT_TRUE(day.matches(at("20270101T205959")));
  EXPECT_FALSE(day.matches(at("20270101T210000")));
  EXPECT_FALSE(day.matches(at("20270101T035900")));
  // Example 3: every other hour.
  ScheduleEntry even = entry("* * 0-23/2 * * * *");
  EXPECT_TRUE(even.matches(at("20270101T223000")));
  EXPECT_FALSE(even.matches(at("20270101T233000")));
  // Example 4: Sundays, Tuesdays, Thursdays and Saturdays (2027-01-03 is a Sunday).
  ScheduleEntry alternate = entry("* * * * * */2 *");
  EXPECT_TRUE(alternate.matches(at("20270103T120000")));
  EXPECT_FALSE(alternate.matches(at("20270104T120000")));
  EXPECT_TRUE(alternate.matches(at("20270105T120000")));
}

TEST(ScheduleEntryTest, EveryFieldCounts) {
  ScheduleEntry exact = entry("30 15 9 24 12 5 2027");  // Friday 2027-12-24 09:15:30
  EXPECT_TRUE(exact.matches(at("20271224T091530")));
  EXPECT_FALSE(exact.matches(at("20271224T091531")));
  EXPECT_FALSE(exact.matches(at("20281224T091530")));  // another year (and weekday)
  EXPECT_FALSE(entry("30 15 9 24 12 4 2027").matches(at("20271224T091530")));  // Thursday
  EXPECT_TRUE(entry("  *  *   * * * * *  ").matches(at("20990101T000000")));  // spaces
  ScheduleEntry years = entry("* * * * * * 2026,2030-2040/5");
  EXPECT_TRUE(years.matches(at("20261208T000000")));
  EXPECT_TRUE(years.matches(at("20350101T000000")));
  EXPECT_FALSE(years.matches(at("20360101T000000")));
  EXPECT_FALSE(years.matches(at("20270101T000000")));
}

TEST(ScheduleEntryTest, MalformedEntriesNameTheirField) {
  struct Case {
    const char* text;
    const char* field;
  };
  for (const Case& c : {Case{"* * 24 * * * *", "hour"}, Case{"60 * * * * * *", "second"},
                        Case{"* * * 0 * * *", "day of the month"},
                        Case{"* * * * 13 * *", "month"}, Case{"* * * * * 7 *", "day of the week"},
                        Case{"* * * * * * 1999", "year"}, Case{"* * 5-2 * * * *", "hour"},
                        Case{"* * 1/2 * * * *", "hour"}, Case{"* * */0 * * * *", "hour"},
                        Case{"* * a * * * *", "hour"}, Case{"* * 1,,2 * * * *", "hour"},
                        Case{"* * -1 * * * *", "hour"}, Case{"* * 99999 * * * *", "hour"},
                        Case{"* * * * * *", "7 fields"}, Case{"* * * * * * * *", "7 fields"},
                        Case{"", "7 fields"}}) {
    auto parsed = ScheduleEntry::parse(c.text);
    ASSERT_FALSE(parsed.isOk()) << c.text;
    EXPECT_EQ(parsed.status().rsc(), model::Rsc::kBadRequest) << c.text;
    EXPECT_NE(parsed.status().dbg().find(c.field), std::string::npos)
        << c.text << ": " << parsed.status().dbg();
  }
  EXPECT_FALSE(ScheduleEntry::parse(std::string(300, '*')).isOk());
}

TEST(ScheduleEntryTest, AScheduleElementIsAListOfEntries) {
  auto parsed = parseScheduleEntries(Json{{"sce", {"* * 8-9 * * * *", "* * 20 * * * *"}}});
  ASSERT_OK(parsed);
  EXPECT_TRUE(scheduleAllows(parsed.value(), at("20270101T203000")));
  EXPECT_FALSE(scheduleAllows(parsed.value(), at("20270101T120000")));
  Json many = Json::array();
  for (int i = 0; i < 65; ++i) many.push_back("* * * * * * *");
  for (const Json& se : {Json(), Json::array(), Json{{"sce", Json::array()}},
                         Json{{"sce", "* * * * * * *"}}, Json{{"sce", {1}}}, Json{{"sce", many}},
                         Json{{"sce", {"* * * * * * *"}}, {"x", 1}},
                         Json{{"sce", {"* * 25 * * * *"}}}}) {
    EXPECT_FALSE(parseScheduleEntries(se).isOk()) << se;
  }
}

}  // namespace
}  // namespace citadel::resources
