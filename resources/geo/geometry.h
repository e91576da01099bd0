#pragma once
// GeoJSON geometries as oneM2M carries them (Release 4): m2m:geoCoordinates {typ, crd} on a
// resource's location (loc) and the geo-query filter criteria {gmty, geom, gsf}. typ/gmty is an
// m2m:geometryType (1 Point … 6 MultiPolygon), crd/geom the GeoJSON "coordinates" member
// (RFC 7946 §3.1) serialized as a JSON string, e.g. "[1.0, 2.0]" for a Point.
//
// Coordinates are read as planar (x, y); a third position element (altitude) is accepted and
// ignored. No projection or great-circle geometry is applied: relations are computed on the
// numbers as given, which is exact for the small areas geo-queries select.
//
// Thread-safety: plain values and pure functions.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::resources::geo {

// m2m:geometryType (ACME enumTypesPolicies: 1 Point … 6 MultiPolygon).
enum class GeometryType : uint8_t {
  kPoint = 1,
  kLineString = 2,
  kPolygon = 3,
  kMultiPoint = 4,
  kMultiLineString = 5,
  kMultiPolygon = 6,
};

// m2m:geoSpatialFunctionType: how a resource's location relates to the query geometry.
enum class SpatialFunction : uint8_t {
  kWithin = 1,      // the resource's geometry lies within the query geometry
  kContains = 2,    // the resource's geometry contains the query geometry
  kIntersects = 3,  // they share at least one point
};

struct Position {
  double x = 0;
  double y = 0;
  bool operator==(const Position&) const = default;
};

using LineString = std::vector<Position>;  // at least 2 positions
using Ring = std::vector<Position>;        // closed: at least 4 positions, first == last
using Polygon = std::vector<Ring>;         // the exterior ring, then holes

// Every geometry type normalized to its parts: a Point is one element of `points`, a LineString
// one of `lines`, a Polygon one of `polygons`; the Multi* types fill the same lists. The
// relations treat a geometry as the union of its parts.
struct Geometry {
  GeometryType type = GeometryType::kPoint;
  std::vector<Position> points;
  std::vector<LineString> lines;
  std::vector<Polygon> polygons;
};

// Upper bounds on one geometry: matching is quadratic in positions, and each discovery matches
// the query geometry against every candidate's location.
inline constexpr size_t kMaxGeometryPositions = 1024;
inline constexpr size_t kMaxGeometryTextBytes = 64 * 1024;

// Parses `coordinates` (the JSON text of a GeoJSON coordinates member) as geometry `type`
// (an m2m:geometryType number). 4000 with a dbg naming `what` (the attribute or filter member)
// and the problem: type out of 1..6, text that is not a JSON array, a nesting that does not fit
// the type, a position other than 2 or 3 numbers, a LineString of fewer than 2 positions, a
// ring of fewer than 4 positions or not closed, an empty Multi* or Polygon, more than
// kMaxGeometryPositions positions or kMaxGeometryTextBytes bytes.
model::Result<Geometry> parseGeometry(int64_t type, std::string_view coordinates,
                                      std::string_view what);

// Validates an m2m:geoCoordinates object {"typ": <1..6>, "crd": "<coordinates>"} (both
// mandatory, nothing else) and returns its geometry; 4000 naming `what` otherwise.
model::Result<Geometry> parseGeoCoordinates(const model::Json& value, std::string_view what);

}  // namespace citadel::resources::geo
