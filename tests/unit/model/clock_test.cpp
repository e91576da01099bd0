// oneM2M timestamps (TS-0004 §6.3.3): ISO 8601 basic format in UTC, with optional fraction,
// and m2m:absRelTimestamp (a timestamp or milliseconds relative to now).
#include "cse/model/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace citadel::model {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

// 2024-02-29T12:34:56Z as seconds since the epoch.
constexpr int64_t kLeapDaySeconds = 1709210096;

TimePoint at(int64_t epoch_seconds) { return TimePoint(seconds(epoch_seconds)); }

TEST(ClockTest, FormatsEpochAsBasicIso8601) {
  EXPECT_EQ(formatTimestamp(at(0)), "19700101T000000");
  EXPECT_EQ(formatTimestamp(at(kLeapDaySeconds)), "20240229T123456");
}

TEST(ClockTest, FormatDropsSubSecondPart) {
  EXPECT_EQ(formatTimestamp(at(kLeapDaySeconds) + milliseconds(999)), "20240229T123456");
}

TEST(ClockTest, ParsesWholeSecondTimestamp) {
  auto t = parseTimestamp("20240229T123456");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, at(kLeapDaySeconds));
}

TEST(ClockTest, RoundTripsFormatAndParse) {
  for (int64_t s : {int64_t{0}, int64_t{951782400} /* 2000-02-29 */, kLeapDaySeconds,
                    int64_t{4102444799} /* 2099-12-31T23:59:59 */}) {
    std::string text = formatTimestamp(at(s));
    auto parsed = parseTimestamp(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(*parsed, at(s)) << text;
    EXPECT_EQ(formatTimestamp(*parsed), text);
  }
}

TEST(ClockTest, ParsesFractionWithCommaOrDot) {
  auto comma = parseTimestamp("20240229T123456,5");
  auto dot = parseTimestamp("20240229T123456.5");
  ASSERT_TRUE(comma.has_value());
  ASSERT_TRUE(dot.has_value());
  EXPECT_EQ(*comma, at(kLeapDaySeconds) + milliseconds(500));
  EXPECT_EQ(*dot, *comma);
}

TEST(ClockTest, ParsesFractionOfOneToSixDigits) {
  auto six = parseTimestamp("20240229T123456,000123");
  ASSERT_TRUE(six.has_value());
  EXPECT_EQ(*six, at(kLeapDaySeconds) + microseconds(123));
  auto three = parseTimestamp("20240229T123456.250");
  ASSERT_TRUE(three.has_value());
  EXPECT_EQ(*three, at(kLeapDaySeconds) + milliseconds(250));
}

TEST(ClockTest, RejectsMalformedFraction) {
  EXPECT_FALSE(parseTimestamp("20240229T123456,"));
  EXPECT_FALSE(parseTimestamp("20240229T123456.1234567"));
  EXPECT_FALSE(parseTimestamp("20240229T123456:5"));
  EXPECT_FALSE(parseTimestamp("20240229T123456,5a"));
  EXPECT_FALSE(parseTimestamp("20240229T123456,-1"));
}

TEST(ClockTest, RejectsImpossibleDates) {
  EXPECT_FALSE(parseTimestamp("20241301T000000"));  // month 13
  EXPECT_FALSE(parseTimestamp("20240001T000000"));  // month 0
  EXPECT_FALSE(parseTimestamp("20240100T000000"));  // day 0
  EXPECT_FALSE(parseTimestamp("20240230T000000"));  // Feb 30 in a leap year
  EXPECT_FALSE(parseTimestamp("20230229T000000"));  // Feb 29 outside a leap year
  EXPECT_FALSE(parseTimestamp("21000229T000000"));  // 2100 is not a leap year
  EXPECT_FALSE(parseTimestamp("20240431T000000"));  // April has 30 days
  EXPECT_FALSE(parseTimestamp("20240101T240000"));  // hour 24
  EXPECT_FALSE(parseTimestamp("20240101T006000"));  // minute 60
  EXPECT_FALSE(parseTimestamp("20240101T000061"));  // second 61
}

TEST(ClockTest, AcceptsLeapDaysAndLeapSecond) {
  EXPECT_TRUE(parseTimestamp("20000229T000000"));  // 2000 is a leap year (divisible by 400)
  EXPECT_TRUE(parseTimestamp("20241231T235960"));  // leap second
}

// Found by the filter_criteria fuzz target (tests/fuzz/regressions/filter_criteria/): "cra" of
// year 6025 overflowed the nanosecond count (undefined behaviour, in practice an arbitrary time).
TEST(ClockTest, SaturatesDatesOutsideTheTimePointRange) {
  EXPECT_EQ(parseTimestamp("60250101T000000"), TimePoint::max());
  EXPECT_EQ(parseTimestamp("99991231T235959,999999"), TimePoint::max());
  EXPECT_EQ(parseTimestamp("00010101T000000"), TimePoint::min());
  auto last_representable = parseTimestamp("22620101T000000");
  ASSERT_TRUE(last_representable.has_value());
  EXPECT_LT(*last_representable, TimePoint::max());
  EXPECT_EQ(formatTimestamp(*last_representable), "22620101T000000");
}

TEST(ClockTest, RejectsMalformedShapes) {
  EXPECT_FALSE(parseTimestamp(""));
  EXPECT_FALSE(parseTimestamp("20240229"));
  EXPECT_FALSE(parseTimestamp("20240229T12345"));
  EXPECT_FALSE(parseTimestamp("20240229 123456"));
  EXPECT_FALSE(parseTimestamp("2024-02-29T12:34:56"));
  EXPECT_FALSE(parseTimestamp("2024022xT123456"));
  EXPECT_FALSE(parseTimestamp("+0240229T123456"));
  EXPECT_FALSE(parseTimestamp("20240229T123456Z"));
}

TEST(ClockTest, ParsesRelativeMillisecondsFromNow) {
  TimePoint now = at(kLeapDaySeconds);
  auto t = parseAbsRelTimestamp("1500", now);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, now + milliseconds(1500));
  auto zero = parseAbsRelTimestamp("0", now);
  ASSERT_TRUE(zero.has_value());
  EXPECT_EQ(*zero, now);
  // An xs:long (TS-0004 Table 6.3.3-1): a negative offset lies in the past.
  auto past = parseAbsRelTimestamp("-5", now);
  ASSERT_TRUE(past.has_value());
  EXPECT_EQ(*past, now - milliseconds(5));
}

TEST(ClockTest, ParsesAbsoluteFormInAbsRel) {
  auto t = parseAbsRelTimestamp("20240229T123456", at(0));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, at(kLeapDaySeconds));
}

TEST(ClockTest, RejectsMalformedRelativeOffsets) {
  TimePoint now = at(kLeapDaySeconds);
  EXPECT_FALSE(parseAbsRelTimestamp("", now));
  EXPECT_FALSE(parseAbsRelTimestamp("--5", now));
  EXPECT_FALSE(parseAbsRelTimestamp("-", now));
  EXPECT_FALSE(parseAbsRelTimestamp("12ms", now));
  EXPECT_FALSE(parseAbsRelTimestamp("1.5", now));
  EXPECT_FALSE(parseAbsRelTimestamp(" 10", now));
  EXPECT_FALSE(parseAbsRelTimestamp("99999999999999999999999", now));  // overflows int64
}

TEST(ClockTest, RejectsRelativeOffsetBeyondOneHundredYears) {
  TimePoint now = at(kLeapDaySeconds);
  const int64_t hundred_years_ms = int64_t{100} * 365 * 24 * 3600 * 1000;
  EXPECT_TRUE(parseAbsRelTimestamp(std::to_string(hundred_years_ms), now));
  EXPECT_FALSE(parseAbsRelTimestamp(std::to_string(hundred_years_ms + 1), now));
  EXPECT_TRUE(parseAbsRelTimestamp(std::to_string(-hundred_years_ms), now));
  EXPECT_FALSE(parseAbsRelTimestamp(std::to_string(-hundred_years_ms - 1), now));
}

TEST(ClockTest, SystemClockIsCloseToChronoNow) {
  SystemClock clock;
  auto before = std::chrono::system_clock::now();
  auto value = clock.now();
  auto after = std::chrono::system_clock::now();
  EXPECT_LE(before, value);
  EXPECT_LE(value, after);
}

// Issue 24 #20: ct/lt carry microseconds, so two resources created within a second order.
TEST(ClockTest, FormatsPreciseTimestampWithMicroseconds) {
  EXPECT_EQ(formatPreciseTimestamp(at(kLeapDaySeconds)), "20240229T123456,000000");
  EXPECT_EQ(formatPreciseTimestamp(at(kLeapDaySeconds) + microseconds(1)),
            "20240229T123456,000001");
  EXPECT_EQ(formatPreciseTimestamp(at(kLeapDaySeconds) + milliseconds(999)),
            "20240229T123456,999000");
  auto parsed = parseTimestamp(formatPreciseTimestamp(at(kLeapDaySeconds) + microseconds(42)));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, at(kLeapDaySeconds) + microseconds(42));
}

// Filter criteria compare canonical forms: whole-second (old stored data), ',' and '.'
// fractions of any length all order by time.
TEST(ClockTest, CanonicalTimestampOrdersAllForms) {
  EXPECT_EQ(canonicalTimestamp("20240229T123456"), "20240229T123456,000000");
  EXPECT_EQ(canonicalTimestamp("20240229T123456.5"), "20240229T123456,500000");
  EXPECT_EQ(canonicalTimestamp("20240229T123456,123456"), "20240229T123456,123456");
  EXPECT_FALSE(canonicalTimestamp("20240229T1234").has_value());
  EXPECT_FALSE(canonicalTimestamp("20240229T123456,").has_value());
  EXPECT_LT(*canonicalTimestamp("20240229T123456,4"), *canonicalTimestamp("20240229T123456.5"));
  EXPECT_LT(*canonicalTimestamp("20240229T123456"), *canonicalTimestamp("20240229T123456,000001"));
  EXPECT_LT(*canonicalTimestamp("20240229T123456.999999"), *canonicalTimestamp("20240229T123457"));
}

}  // namespace
}  // namespace citadel::model
