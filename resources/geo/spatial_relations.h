#pragma once
// The geo-query relations of m2m:geoSpatialFunctionType (Within, Contains, Intersects) between
// two geometries, with the OGC Simple Features meaning (DE-9IM) that GeoJSON users expect:
// - intersects(a, b): a and b share at least one point (boundaries included);
// - within(a, b): every point of a lies in b (interior or boundary) and at least one point of
//   a's interior lies in b's interior, so a point on a polygon's edge is not within it and a
//   geometry is within itself;
// - contains(a, b) == within(b, a).
// A Multi* geometry is the union of its parts. Planar and exact (resources/geo/planar.h).
// Known limit: the polygons of a MultiPolygon are taken not to enclose, between them, an area
// that belongs to none of them (OGC validity allows it when they touch at points only); a
// polygon covering such a gap counts as within.
//
// Thread-safety: pure functions.

#include "resources/geo/geometry.h"

namespace citadel::resources::geo {

bool intersects(const Geometry& a, const Geometry& b);
bool within(const Geometry& a, const Geometry& b);
bool contains(const Geometry& a, const Geometry& b);

// `function` applied as the geo-query filter reads it: the resource's location against the
// query geometry (Within: the location lies within the query geometry).
bool relate(SpatialFunction function, const Geometry& location, const Geometry& query);

}  // namespace citadel::resources::geo
