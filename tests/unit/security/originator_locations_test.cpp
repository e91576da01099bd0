// Retained originator locations (TS-0003 Annex F) and the region test of aclr: the file
// format, hostile lines, countries and great-circle distances against known city pairs.
#include "security/originator_locations.h"

#include <gtest/gtest.h>

#include "tests/support/status_macros.h"

namespace citadel::security {
namespace {

using model::Json;

TEST(OriginatorLocationsTest, ParsesPointsCountriesAndUnknownParts) {
  auto parsed = OriginatorLocations::parse(
      "# where the fleet is\nClamp 52.52 13.405 DE\n/id-mn - - FR   # country only\n"
      "Cbuoy -33.8688\t151.2093 -\r\n\n",
      "loc");
  ASSERT_OK(parsed);
  const OriginatorLocations& locations = parsed.value();
  EXPECT_EQ(locations.size(), 3u);
  const OriginatorLocation* lamp = locations.find("Clamp");
  ASSERT_NE(lamp, nullptr);
  EXPECT_DOUBLE_EQ(*lamp->latitude, 52.52);
  EXPECT_DOUBLE_EQ(*lamp->longitude, 13.405);
  EXPECT_EQ(lamp->country, "DE");
  const OriginatorLocation* mn = locations.find("/id-mn");
  ASSERT_NE(mn, nullptr);
  EXPECT_FALSE(mn->latitude.has_value());
  EXPECT_EQ(mn->country, "FR");
  const OriginatorLocation* buoy = locations.find("Cbuoy");
  ASSERT_NE(buoy, nullptr);
  EXPECT_TRUE(buoy->country.empty());
  EXPECT_EQ(locations.find("Cnobody"), nullptr);
}

TEST(OriginatorLocationsTest, RefusesMalformedLinesNamingFileAndLine) {
  const char* lines[] = {
      "Clamp 52.5 13.4",            // 3 fields
      "Clamp 52.5 13.4 DE extra",   // 5 fields
      "Clamp 91 13.4 DE",           // latitude out of range
      "Clamp 52.5 -180.5 DE",       // longitude out of range
      "Clamp 52.5 - DE",            // half a point
      "Clamp nan 13.4 DE",          // not finite
      "Clamp 52.5x 13.4 DE",        // trailing garbage
      "Clamp 52.5 13.4 de",         // lower-case country
      "Clamp 52.5 13.4 DEU",        // alpha-3
  };
  for (const char* line : lines) {
    auto parsed = OriginatorLocations::parse(std::string("Cok 1 2 DE\n") + line + "\n", "f.loc");
    ASSERT_FALSE(parsed.isOk()) << line;
    EXPECT_EQ(parsed.status().rsc(), model::Rsc::kBadRequest);
    EXPECT_NE(parsed.status().dbg().find("f.loc:2: "), std::string::npos) << parsed.status().dbg();
  }
  auto twice = OriginatorLocations::parse("Ca 1 2 DE\nCa 3 4 FR\n", "f.loc");
  ASSERT_FALSE(twice.isOk());
  EXPECT_NE(twice.status().dbg().find("appears twice"), std::string::npos);
  std::string binary(2048, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 131 + 7);
  EXPECT_FALSE(OriginatorLocations::parse(binary, "bin").isOk());
  EXPECT_FALSE(OriginatorLocations::load("/nonexistent/citadel.loc").isOk());
}

TEST(OriginatorLocationsTest, TellsWhetherALocationIsInACircleOrCountry) {
  OriginatorLocation berlin{52.52, 13.405, "DE"};
  OriginatorLocation potsdam{52.3906, 13.0645, "DE"};  // ~27 km from Berlin
  OriginatorLocation paris{48.8566, 2.3522, "FR"};     // ~878 km from Berlin
  Json around_berlin_30km = {{"accr", {52.52, 13.405, 30000}}};
  Json around_berlin_20km = {{"accr", {52.52, 13.405, 20000}}};
  EXPECT_TRUE(locationInRegion(&berlin, around_berlin_20km));
  EXPECT_TRUE(locationInRegion(&potsdam, around_berlin_30km));
  EXPECT_FALSE(locationInRegion(&potsdam, around_berlin_20km));
  EXPECT_FALSE(locationInRegion(&paris, around_berlin_30km));
  EXPECT_TRUE(locationInRegion(&paris, {{"accr", {52.52, 13.405, 880000}}}));
  EXPECT_FALSE(locationInRegion(&paris, {{"accr", {52.52, 13.405, 875000}}}));
  // Across the antimeridian: Fiji (178.4 E) and Samoa (-171.8 W) are ~1150 km apart.
  OriginatorLocation fiji{-18.1416, 178.4419, "FJ"};
  EXPECT_TRUE(locationInRegion(&fiji, {{"accr", {-13.8333, -171.75, 1300000}}}));
  EXPECT_FALSE(locationInRegion(&fiji, {{"accr", {-13.8333, -171.75, 1000000}}}));

  EXPECT_TRUE(locationInRegion(&berlin, {{"accc", {"FR", "DE"}}}));
  EXPECT_FALSE(locationInRegion(&paris, {{"accc", {"DE"}}}));
  OriginatorLocation country_only{std::nullopt, std::nullopt, "DE"};
  EXPECT_TRUE(locationInRegion(&country_only, {{"accc", {"DE"}}}));
  EXPECT_FALSE(locationInRegion(&country_only, around_berlin_30km));  // no point known
  OriginatorLocation point_only{52.52, 13.405, ""};
  EXPECT_FALSE(locationInRegion(&point_only, {{"accc", {"DE"}}}));    // no country known
}

TEST(OriginatorLocationsTest, DeniesWithoutALocationOrWithAMalformedRegion) {
  OriginatorLocation berlin{52.52, 13.405, "DE"};
  EXPECT_FALSE(locationInRegion(nullptr, {{"accc", {"DE"}}}));
  EXPECT_FALSE(locationInRegion(&berlin, Json::object()));
  EXPECT_FALSE(locationInRegion(&berlin, "DE"));
  EXPECT_FALSE(locationInRegion(&berlin, {{"accc", "DE"}}));
  EXPECT_FALSE(locationInRegion(&berlin, {{"accr", {52.52, 13.405}}}));
  EXPECT_FALSE(locationInRegion(&berlin, {{"accr", {"52.52", 13.405, 10}}}));
}

}  // namespace
}  // namespace citadel::security
