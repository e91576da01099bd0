// resources/geo/spatial_relations.h: Within / Contains / Intersects (m2m:geoSpatialFunctionType)
// with the OGC meaning GeoJSON users expect, on every geometry type: points on, inside and
// outside polygons, polygons with holes, crossing and touching lines, multi-geometries and
// degenerate inputs.
#include "resources/geo/spatial_relations.h"

#include <gtest/gtest.h>

#include <string>

#include "resources/geo/planar.h"

namespace citadel::resources::geo {
namespace {

Geometry g(int type, const std::string& coordinates) {
  auto parsed = parseGeometry(type, coordinates, "test");
  EXPECT_TRUE(parsed.isOk()) << coordinates << ": " << parsed.status().dbg();
  return parsed.isOk() ? parsed.value() : Geometry{};
}

Geometry point(double x, double y) {
  return g(1, "[" + std::to_string(x) + "," + std::to_string(y) + "]");
}

// The square 0..10 and the same square with the hole 4..6.
const char* kSquare = "[[[0,0],[10,0],[10,10],[0,10],[0,0]]]";
const char* kSquareWithHole =
    "[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]";

TEST(GeoPlanarTest, SegmentIntersection) {
  EXPECT_TRUE(segmentsIntersect({0, 0}, {2, 2}, {0, 2}, {2, 0}));   // crossing
  EXPECT_TRUE(segmentsIntersect({0, 0}, {2, 0}, {1, 0}, {1, 5}));   // T touch
  EXPECT_TRUE(segmentsIntersect({0, 0}, {2, 0}, {1, 0}, {3, 0}));   // collinear overlap
  EXPECT_TRUE(segmentsIntersect({0, 0}, {2, 0}, {2, 0}, {3, 1}));   // shared end
  EXPECT_FALSE(segmentsIntersect({0, 0}, {2, 0}, {3, 0}, {4, 0}));  // collinear, apart
  EXPECT_FALSE(segmentsIntersect({0, 0}, {2, 0}, {0, 1}, {2, 1}));  // parallel
  EXPECT_FALSE(segmentsIntersect({0, 0}, {2, 2}, {3, 0}, {2, 1}));  // would cross if extended
  EXPECT_TRUE(segmentsIntersect({1, 1}, {1, 1}, {0, 0}, {2, 2}));   // degenerate on segment
  EXPECT_FALSE(segmentsIntersect({1, 2}, {1, 2}, {0, 0}, {2, 2}));  // degenerate off it
}

TEST(GeoPlanarTest, PointInPolygonWithHole) {
  Polygon p = g(3, kSquareWithHole).polygons[0];
  EXPECT_EQ(locateInPolygon({2, 2}, p), Location::kInterior);
  EXPECT_EQ(locateInPolygon({5, 5}, p), Location::kExterior);  // in the hole
  EXPECT_EQ(locateInPolygon({4, 5}, p), Location::kBoundary);  // on the hole's edge
  EXPECT_EQ(locateInPolygon({10, 5}, p), Location::kBoundary);
  EXPECT_EQ(locateInPolygon({0, 0}, p), Location::kBoundary);  // a vertex
  EXPECT_EQ(locateInPolygon({11, 5}, p), Location::kExterior);
  EXPECT_EQ(locateInPolygon({-1, 0}, p), Location::kExterior);  // on the line of an edge
  // A ray through a vertex is counted once.
  Polygon diamond = g(3, "[[[0,5],[5,0],[10,5],[5,10],[0,5]]]").polygons[0];
  EXPECT_EQ(locateInPolygon({2, 5}, diamond), Location::kInterior);
  EXPECT_EQ(locateInPolygon({-2, 5}, diamond), Location::kExterior);
  EXPECT_EQ(locateInPolygon({11, 5}, diamond), Location::kExterior);
}

TEST(GeoPlanarTest, InteriorPointOfConcaveRing) {
  // A U shape whose lowest-leftmost vertex's triangle holds another vertex.
  Ring u = g(3, "[[[0,0],[10,0],[10,10],[8,10],[8,2],[2,2],[2,10],[0,10],[0,0]]]").polygons[0][0];
  EXPECT_EQ(locateInRing(interiorPoint(u), u), Location::kInterior);
  Ring triangle = g(3, "[[[0,0],[4,0],[0,4],[0,0]]]").polygons[0][0];
  EXPECT_EQ(locateInRing(interiorPoint(triangle), triangle), Location::kInterior);
}

TEST(GeoSpatialRelationsTest, PointAndPolygon) {
  Geometry square = g(3, kSquare);
  EXPECT_TRUE(within(point(5, 5), square));
  EXPECT_TRUE(contains(square, point(5, 5)));
  EXPECT_TRUE(intersects(point(5, 5), square));
  // On the edge: intersects, but not within (no interior point in common).
  EXPECT_FALSE(within(point(10, 5), square));
  EXPECT_FALSE(contains(square, point(0, 0)));
  EXPECT_TRUE(intersects(point(10, 5), square));
  EXPECT_TRUE(intersects(square, point(0, 0)));
  // Outside.
  EXPECT_FALSE(within(point(11, 5), square));
  EXPECT_FALSE(intersects(point(11, 5), square));
  // A point never contains a polygon.
  EXPECT_FALSE(contains(point(5, 5), square));
}

TEST(GeoSpatialRelationsTest, PolygonWithHole) {
  Geometry holed = g(3, kSquareWithHole);
  EXPECT_TRUE(within(point(2, 2), holed));
  EXPECT_FALSE(within(point(5, 5), holed));
  EXPECT_FALSE(intersects(point(5, 5), holed));
  // A polygon inside the hole does not intersect; one around the hole is not within.
  EXPECT_FALSE(intersects(g(3, "[[[4.5,4.5],[5.5,4.5],[5.5,5.5],[4.5,4.5]]]"), holed));
  EXPECT_FALSE(within(g(3, "[[[3,3],[7,3],[7,7],[3,7],[3,3]]]"), holed));
  EXPECT_TRUE(intersects(g(3, "[[[3,3],[7,3],[7,7],[3,7],[3,3]]]"), holed));
  // A polygon with the same hole is within; one beside the hole too.
  EXPECT_TRUE(within(g(3, "[[[1,1],[9,1],[9,9],[1,9],[1,1]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]"),
                     holed));
  EXPECT_TRUE(within(g(3, "[[[1,1],[3,1],[3,9],[1,9],[1,1]]]"), holed));
  // A line across the hole is not within, one beside it is.
  EXPECT_FALSE(within(g(2, "[[1,5],[9,5]]"), holed));
  EXPECT_TRUE(within(g(2, "[[1,2],[9,2]]"), holed));
}

TEST(GeoSpatialRelationsTest, PolygonAndPolygon) {
  Geometry square = g(3, kSquare);
  Geometry inner = g(3, "[[[2,2],[8,2],[8,8],[2,8],[2,2]]]");
  Geometry overlapping = g(3, "[[[5,5],[15,5],[15,15],[5,15],[5,5]]]");
  Geometry apart = g(3, "[[[20,20],[30,20],[30,30],[20,20]]]");
  Geometry touching = g(3, "[[[10,0],[20,0],[20,10],[10,10],[10,0]]]");
  EXPECT_TRUE(within(inner, square));
  EXPECT_TRUE(contains(square, inner));
  EXPECT_FALSE(within(square, inner));
  EXPECT_TRUE(within(square, square));  // a geometry is within itself
  EXPECT_FALSE(within(overlapping, square));
  EXPECT_TRUE(intersects(overlapping, square));
  EXPECT_FALSE(intersects(apart, square));
  EXPECT_TRUE(intersects(touching, square));
  EXPECT_FALSE(within(touching, square));
  // One inside the other without crossing edges still intersects, both ways.
  EXPECT_TRUE(intersects(inner, square));
  EXPECT_TRUE(intersects(square, inner));
  // Sharing an edge from the inside: still within.
  EXPECT_TRUE(within(g(3, "[[[0,0],[5,0],[5,5],[0,5],[0,0]]]"), square));
  // A concave polygon whose notch the candidate bridges.
  Geometry u = g(3, "[[[0,0],[10,0],[10,10],[8,10],[8,2],[2,2],[2,10],[0,10],[0,0]]]");
  EXPECT_FALSE(within(g(3, "[[[1,8],[9,8],[9,9],[1,9],[1,8]]]"), u));
  EXPECT_TRUE(intersects(g(3, "[[[1,8],[9,8],[9,9],[1,9],[1,8]]]"), u));
}

TEST(GeoSpatialRelationsTest, LinesCrossingTouchingAndCovered) {
  Geometry diagonal = g(2, "[[0,0],[10,10]]");
  EXPECT_TRUE(intersects(diagonal, g(2, "[[0,10],[10,0]]")));
  EXPECT_FALSE(intersects(diagonal, g(2, "[[1,0],[11,10]]")));
  EXPECT_TRUE(intersects(diagonal, point(3, 3)));
  EXPECT_TRUE(within(point(3, 3), diagonal));
  EXPECT_FALSE(within(point(0, 0), diagonal));  // an end is the line's boundary
  EXPECT_TRUE(within(g(2, "[[2,2],[5,5]]"), diagonal));
  EXPECT_TRUE(contains(diagonal, g(2, "[[2,2],[5,5]]")));
  EXPECT_FALSE(within(g(2, "[[2,2],[5,6]]"), diagonal));
  // Covered by two consecutive lines of a MultiLineString.
  EXPECT_TRUE(within(g(2, "[[1,0],[9,0]]"), g(5, "[[[0,0],[5,0]],[[5,0],[10,0]]]")));
  EXPECT_FALSE(within(g(2, "[[1,0],[9,0]]"), g(5, "[[[0,0],[4,0]],[[5,0],[10,0]]]")));
  // A line and a polygon: crossing, inside, along the edge, outside.
  Geometry square = g(3, kSquare);
  EXPECT_TRUE(intersects(g(2, "[[-5,5],[15,5]]"), square));
  EXPECT_FALSE(within(g(2, "[[-5,5],[15,5]]"), square));
  EXPECT_TRUE(within(g(2, "[[1,1],[9,9]]"), square));
  EXPECT_TRUE(intersects(g(2, "[[1,1],[2,2]]"), square));  // inside, no edge met
  EXPECT_FALSE(within(g(2, "[[0,0],[10,0]]"), square));    // only on the boundary
  EXPECT_TRUE(within(g(2, "[[0,0],[10,0],[5,5]]"), square));  // along the edge, then inside
  EXPECT_FALSE(intersects(g(2, "[[11,0],[11,10]]"), square));
  EXPECT_TRUE(contains(square, g(2, "[[1,1],[9,9]]")));
}

TEST(GeoSpatialRelationsTest, MultiGeometries) {
  Geometry squares = g(6, "[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[5,5],[7,5],[7,7],[5,7],[5,5]]]]");
  EXPECT_TRUE(within(point(6, 6), squares));
  EXPECT_FALSE(within(point(3, 3), squares));
  EXPECT_TRUE(within(g(4, "[[1,1],[6,6]]"), squares));  // each point in one of them
  EXPECT_FALSE(within(g(4, "[[1,1],[3,3]]"), squares));
  EXPECT_TRUE(intersects(g(4, "[[3,3],[6,6]]"), squares));
  EXPECT_FALSE(intersects(g(4, "[[3,3],[4,4]]"), squares));
  // A line between the two squares leaves both.
  EXPECT_FALSE(within(g(2, "[[1,1],[6,6]]"), squares));
  EXPECT_TRUE(contains(squares, g(3, "[[[5.5,5.5],[6.5,5.5],[6.5,6.5],[5.5,5.5]]]")));
  EXPECT_TRUE(within(squares, g(3, "[[[-1,-1],[8,-1],[8,8],[-1,8],[-1,-1]]]")));
  // MultiPoint against MultiPoint and Point.
  EXPECT_TRUE(within(point(1, 1), g(4, "[[1,1],[2,2]]")));
  EXPECT_FALSE(within(g(4, "[[1,1],[3,3]]"), g(4, "[[1,1],[2,2]]")));
  EXPECT_TRUE(contains(g(4, "[[1,1],[2,2]]"), point(2, 2)));
  EXPECT_TRUE(intersects(g(4, "[[1,1],[3,3]]"), g(4, "[[3,3],[4,4]]")));
  EXPECT_FALSE(intersects(g(4, "[[1,1],[3,3]]"), g(4, "[[2,2],[4,4]]")));
  EXPECT_TRUE(intersects(g(5, "[[[0,5],[1,5]],[[0,0],[10,10]]]"), g(2, "[[0,10],[10,0]]")));
}

TEST(GeoSpatialRelationsTest, PointsAndDegenerateInputs) {
  EXPECT_TRUE(within(point(1, 2), point(1, 2)));
  EXPECT_TRUE(contains(point(1, 2), point(1, 2)));
  EXPECT_TRUE(intersects(point(1, 2), point(1, 2)));
  EXPECT_FALSE(intersects(point(1, 2), point(2, 1)));
  EXPECT_FALSE(within(g(2, "[[0,0],[1,1]]"), point(0, 0)));  // a line is never within a point
  // A LineString of one repeated position behaves as that point.
  Geometry stuck = g(2, "[[3,3],[3,3]]");
  EXPECT_TRUE(intersects(stuck, g(3, kSquare)));
  EXPECT_TRUE(within(stuck, g(3, kSquare)));
  EXPECT_FALSE(intersects(stuck, point(4, 4)));
  // A ring without area (all positions on one line) has no interior.
  Geometry flat = g(3, "[[[0,0],[5,0],[10,0],[0,0]]]");
  EXPECT_FALSE(within(point(5, 1), flat));
  EXPECT_TRUE(intersects(point(5, 0), flat));
  // The third coordinate is ignored.
  EXPECT_TRUE(within(g(1, "[5,5,1000]"), g(3, kSquare)));
}

TEST(GeoSpatialRelationsTest, RelateReadsTheResourceAgainstTheQuery) {
  Geometry square = g(3, kSquare);
  EXPECT_TRUE(relate(SpatialFunction::kWithin, point(5, 5), square));
  EXPECT_FALSE(relate(SpatialFunction::kContains, point(5, 5), square));
  EXPECT_TRUE(relate(SpatialFunction::kContains, square, point(5, 5)));
  EXPECT_TRUE(relate(SpatialFunction::kIntersects, point(5, 5), square));
  EXPECT_FALSE(relate(SpatialFunction::kIntersects, point(50, 5), square));
}

}  // namespace
}  // namespace citadel::resources::geo
