// resources/geo/geometry.h: parsing m2m:geoCoordinates and GeoJSON coordinates (RFC 7946 §3.1)
// for each m2m:geometryType, and every way they can be wrong (4000 saying what).
#include "resources/geo/geometry.h"

#include <gtest/gtest.h>

#include <string>

namespace citadel::resources::geo {
namespace {

using model::Json;

void expectBad(int64_t type, const std::string& coordinates, const std::string& mentions) {
  auto result = parseGeometry(type, coordinates, "loc");
  ASSERT_FALSE(result.isOk()) << type << " " << coordinates;
  EXPECT_EQ(result.status().rsc(), model::Rsc::kBadRequest);
  EXPECT_NE(result.status().dbg().find(mentions), std::string::npos) << result.status().dbg();
  EXPECT_NE(result.status().dbg().find("loc"), std::string::npos) << result.status().dbg();
}

TEST(GeoGeometryTest, ParsesEachGeometryType) {
  auto point = parseGeometry(1, "[1.5, -2]", "loc");
  ASSERT_TRUE(point.isOk()) << point.status().dbg();
  EXPECT_EQ(point.value().type, GeometryType::kPoint);
  ASSERT_EQ(point.value().points.size(), 1u);
  EXPECT_EQ(point.value().points[0], (Position{1.5, -2}));
  // A third element (altitude) is accepted and ignored.
  ASSERT_TRUE(parseGeometry(1, "[1, 2, 300]", "loc").isOk());

  auto line = parseGeometry(2, "[[0,0],[1,1],[2,0]]", "loc");
  ASSERT_TRUE(line.isOk());
  ASSERT_EQ(line.value().lines.size(), 1u);
  EXPECT_EQ(line.value().lines[0].size(), 3u);

  auto polygon = parseGeometry(3, "[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]",
                               "loc");
  ASSERT_TRUE(polygon.isOk()) << polygon.status().dbg();
  ASSERT_EQ(polygon.value().polygons.size(), 1u);
  EXPECT_EQ(polygon.value().polygons[0].size(), 2u);  // exterior and one hole

  auto multipoint = parseGeometry(4, "[[0,0],[1,1]]", "loc");
  ASSERT_TRUE(multipoint.isOk());
  EXPECT_EQ(multipoint.value().points.size(), 2u);

  auto multiline = parseGeometry(5, "[[[0,0],[1,1]],[[2,2],[3,3]]]", "loc");
  ASSERT_TRUE(multiline.isOk());
  EXPECT_EQ(multiline.value().lines.size(), 2u);

  auto multipolygon = parseGeometry(
      6, "[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]", "loc");
  ASSERT_TRUE(multipolygon.isOk());
  EXPECT_EQ(multipolygon.value().polygons.size(), 2u);
}

TEST(GeoGeometryTest, RefusesTypesOutsideTheEnumeration) {
  expectBad(0, "[1,2]", "geometryType");
  expectBad(7, "[1,2]", "geometryType");
  expectBad(-1, "[1,2]", "geometryType");
}

TEST(GeoGeometryTest, RefusesCoordinatesThatDoNotFitTheType) {
  expectBad(1, "1,2", "not a JSON array");
  expectBad(1, "[1,2", "not a JSON array");
  expectBad(1, "", "not a JSON array");
  expectBad(1, "[1]", "2 or 3 numbers");
  expectBad(1, "[1,2,3,4]", "2 or 3 numbers");
  expectBad(1, "[\"1\",2]", "numbers only");
  expectBad(1, "[true,2]", "numbers only");
  expectBad(1, "[null,2]", "numbers only");
  expectBad(1, "[[1,2]]", "nested deeper");         // a MultiPoint given as a Point
  expectBad(3, "[[0,0],[1,0],[1,1],[0,0]]", "linear ring must be an array");  // no ring array
  expectBad(2, "[[0,0]]", "at least 2 positions");
  expectBad(2, "[]", "at least 2 positions");
  expectBad(4, "[]", "at least 1 positions");
  expectBad(5, "[]", "non-empty array of LineStrings");
  expectBad(6, "[]", "non-empty array of Polygons");
  expectBad(3, "[]", "linear rings");
  expectBad(3, "[[[0,0],[1,0],[0,0]]]", "at least 4 positions");      // too few
  expectBad(3, "[[[0,0],[1,0],[1,1],[0,1]]]", "closed");              // not closed
  expectBad(3, "[[[0,0],[1,0],[1,1],[0,0]],[[0,0],[1,0]]]", "at least 4");  // bad hole
  expectBad(6, "[[[[0,0],[1,0],[1,1],[0,0]]],[]]", "linear rings");
  expectBad(1, "[1e999, 2]", "not a JSON array");  // out of range: not a valid JSON number here
  expectBad(1, "{\"x\":1}", "not a JSON array");
  expectBad(4, std::string(20, '[') + std::string(20, ']'), "nested deeper");
}

TEST(GeoGeometryTest, BoundsThePositionsOfOneGeometry) {
  std::string many = "[";
  for (size_t i = 0; i <= kMaxGeometryPositions; ++i) {
    many += (i ? "," : "") + std::string("[0,0]");
  }
  many += "]";
  expectBad(4, many, "more than");
  expectBad(1, "[1," + std::string(kMaxGeometryTextBytes, ' ') + "2]", "longer than");
}

TEST(GeoGeometryTest, ParsesGeoCoordinatesObjects) {
  auto ok = parseGeoCoordinates(Json{{"typ", 1}, {"crd", "[1,2]"}}, "loc");
  ASSERT_TRUE(ok.isOk()) << ok.status().dbg();
  EXPECT_EQ(ok.value().points[0], (Position{1, 2}));
  for (const Json& bad : {Json("x"), Json::object(), Json{{"typ", 1}}, Json{{"crd", "[1,2]"}},
                          Json{{"typ", "1"}, {"crd", "[1,2]"}},
                          Json{{"typ", 1}, {"crd", Json::array({1, 2})}},
                          Json{{"typ", 1}, {"crd", "[1,2]"}, {"x", 1}},
                          Json{{"typ", 3}, {"crd", "[1,2]"}}}) {
    auto result = parseGeoCoordinates(bad, "loc");
    ASSERT_FALSE(result.isOk()) << bad.dump();
    EXPECT_EQ(result.status().rsc(), model::Rsc::kBadRequest);
    EXPECT_NE(result.status().dbg().find("loc"), std::string::npos) << result.status().dbg();
  }
}

}  // namespace
}  // namespace citadel::resources::geo
