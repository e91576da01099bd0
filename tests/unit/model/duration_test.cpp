// xs:duration (TS-0004 Table 6.3.2-1), the type of m2m:batchNotify/duration.
#include "cse/model/duration.h"

#include <gtest/gtest.h>

namespace citadel::model {
namespace {

using std::chrono::milliseconds;

TEST(DurationTest, ParsesTheXmlSchemaForms) {
  EXPECT_EQ(parseDuration("PT10S"), milliseconds(10000));
  EXPECT_EQ(parseDuration("PT1M30S"), milliseconds(90000));
  EXPECT_EQ(parseDuration("PT2H"), milliseconds(7200000));
  EXPECT_EQ(parseDuration("P1D"), milliseconds(86400000));
  EXPECT_EQ(parseDuration("P1DT1S"), milliseconds(86401000));
  EXPECT_EQ(parseDuration("PT0.5S"), milliseconds(500));
  EXPECT_EQ(parseDuration("P1W"), milliseconds(7 * 86400000LL));
}

TEST(DurationTest, RefusesMalformedDurations) {
  for (const char* bad : {"", "P", "PT", "10", "PT10", "T10S", "P1DT", "PT1S1M", "PT.5S", "PT1.S",
                          "P1.5D", "-PT1S", "PT1H1H", "PTS", "P1S", "PT1X"}) {
    EXPECT_FALSE(parseDuration(bad).has_value()) << bad;
  }
}

TEST(DurationTest, FormatsSecondsAndFractions) {
  EXPECT_EQ(formatDuration(milliseconds(10000)), "PT10S");
  EXPECT_EQ(formatDuration(milliseconds(2500)), "PT2.5S");
  EXPECT_EQ(formatSeconds(milliseconds(10)), "0.01");
  EXPECT_EQ(formatSeconds(milliseconds(1000)), "1");
  EXPECT_EQ(parseDuration(formatDuration(milliseconds(1234))), milliseconds(1234));
}

}  // namespace
}  // namespace citadel::model
