#pragma once
// Planar primitives the spatial relations are built from: orientation, point on segment,
// segment intersection, point in ring/polygon (holes excluded). Exact comparisons on doubles, no
// tolerance: a point is on an edge when the cross product is exactly zero, so inputs placed on
// an edge with the same decimal coordinates are on it, and nothing is "nearly" on it.
//
// Thread-safety: pure functions.

#include <vector>

#include "resources/geo/geometry.h"

namespace citadel::resources::geo {

// Where a point lies relative to an area.
enum class Location : uint8_t { kExterior, kBoundary, kInterior };

// > 0 when c lies left of a→b, < 0 right of it, 0 on its line.
double orientation(const Position& a, const Position& b, const Position& c);

// True when p lies on the closed segment a–b (a degenerate a == b is the point a).
bool onSegment(const Position& p, const Position& a, const Position& b);

// True when the closed segments a–b and c–d share at least one point (crossing, touching,
// collinear overlap, degenerate segments).
bool segmentsIntersect(const Position& a, const Position& b, const Position& c,
                       const Position& d);

// The parameters t in [0, 1] along a–b where it meets c–d: one for a crossing or touch, the two
// ends of the shared stretch for a collinear overlap, none when they are disjoint.
void intersectionParameters(const Position& a, const Position& b, const Position& c,
                            const Position& d, std::vector<double>* out);

// Point against one closed ring (even-odd rule), and against a polygon: inside its exterior
// ring and not inside a hole; on any ring is the boundary.
Location locateInRing(const Position& p, const Ring& ring);
Location locateInPolygon(const Position& p, const Polygon& polygon);

// A point strictly inside the closed ring (for a ring of non-zero area), used to tell whether a
// hole lies inside another area.
Position interiorPoint(const Ring& ring);

}  // namespace citadel::resources::geo
