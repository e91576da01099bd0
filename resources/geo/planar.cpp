#include "resources/geo/planar.h"

#include <algorithm>
#include <cmath>

namespace citadel::resources::geo {
namespace {

int sign(double v) { return (v > 0) - (v < 0); }

Position minus(const Position& a, const Position& b) { return {a.x - b.x, a.y - b.y}; }
double cross(const Position& a, const Position& b) { return a.x * b.y - a.y * b.x; }
double dot(const Position& a, const Position& b) { return a.x * b.x + a.y * b.y; }

}  // namespace

double orientation(const Position& a, const Position& b, const Position& c) {
  return cross(minus(b, a), minus(c, a));
}

bool onSegment(const Position& p, const Position& a, const Position& b) {
  return orientation(a, b, p) == 0 && std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) &&
         std::min(a.y, b.y) <= p.y && p.y <= std::max(a.y, b.y);
}

bool segmentsIntersect(const Position& a, const Position& b, const Position& c,
                       const Position& d) {
  int o1 = sign(orientation(a, b, c));
  int o2 = sign(orientation(a, b, d));
  int o3 = sign(orientation(c, d, a));
  int o4 = sign(orientation(c, d, b));
  if (o1 * o2 < 0 && o3 * o4 < 0) {
    return true;  // a proper crossing
  }
  // Touching or collinear: an end of one lies on the other (covers degenerate segments too).
  return (o1 == 0 && onSegment(c, a, b)) || (o2 == 0 && onSegment(d, a, b)) ||
         (o3 == 0 && onSegment(a, c, d)) || (o4 == 0 && onSegment(b, c, d));
}

void intersectionParameters(const Position& a, const Position& b, const Position& c,
                            const Position& d, std::vector<double>* out) {
  if (!segmentsIntersect(a, b, c, d)) {
    return;
  }
  Position r = minus(b, a);
  Position s = minus(d, c);
  double length = dot(r, r);
  if (length == 0) {
    out->push_back(0);
    return;
  }
  double denominator = cross(r, s);
  if (denominator != 0) {
    out->push_back(std::clamp(cross(minus(c, a), s) / denominator, 0.0, 1.0));
    return;
  }
  // Collinear overlap: the ends of the shared stretch, projected onto a–b.
  double tc = dot(minus(c, a), r) / length;
  double td = dot(minus(d, a), r) / length;
  out->push_back(std::clamp(std::min(tc, td), 0.0, 1.0));
  out->push_back(std::clamp(std::max(tc, td), 0.0, 1.0));
}

Location locateInRing(const Position& p, const Ring& ring) {
  bool inside = false;
  for (size_t i = 0; i + 1 < ring.size(); ++i) {
    const Position& a = ring[i];
    const Position& b = ring[i + 1];
    if (onSegment(p, a, b)) {
      return Location::kBoundary;
    }
    // A ray from p towards +x crosses an upward edge with p on its left, or a downward edge
    // with p on its right (half-open in y, so a vertex on the ray counts once). The side test
    // is the exact orientation, not a computed intersection abscissa.
    if (a.y <= p.y && p.y < b.y && orientation(a, b, p) > 0) inside = !inside;
    if (b.y <= p.y && p.y < a.y && orientation(a, b, p) < 0) inside = !inside;
  }
  return inside ? Location::kInterior : Location::kExterior;
}

Location locateInPolygon(const Position& p, const Polygon& polygon) {
  if (polygon.empty()) {
    return Location::kExterior;
  }
  Location outer = locateInRing(p, polygon.front());
  if (outer != Location::kInterior) {
    return outer;
  }
  for (size_t i = 1; i < polygon.size(); ++i) {
    Location hole = locateInRing(p, polygon[i]);
    if (hole == Location::kBoundary) return Location::kBoundary;
    if (hole == Location::kInterior) return Location::kExterior;
  }
  return Location::kInterior;
}

Position interiorPoint(const Ring& ring) {
  size_t n = ring.size() - 1;  // the closing position repeats the first
  // The lowest-leftmost vertex is convex whatever the ring's orientation.
  size_t v = 0;
  for (size_t i = 1; i < n; ++i) {
    if (ring[i].x < ring[v].x || (ring[i].x == ring[v].x && ring[i].y < ring[v].y)) v = i;
  }
  // Its neighbours, skipping repeated positions.
  size_t prev = v, next = v;
  do prev = (prev + n - 1) % n; while (ring[prev] == ring[v] && prev != v);
  do next = (next + 1) % n; while (ring[next] == ring[v] && next != v);
  const Position& a = ring[prev];
  const Position& b = ring[v];
  const Position& c = ring[next];
  int turn = sign(orientation(a, b, c));
  if (turn == 0) {
    return b;  // a ring without area: it has no interior to find
  }
  // A vertex inside the triangle a-b-c, farthest from a–c, would make the triangle's centroid
  // unsafe; the midpoint of b and that vertex is inside the ring instead.
  const Position* farthest = nullptr;
  double distance = 0;
  for (size_t i = 0; i < n; ++i) {
    const Position& q = ring[i];
    if (q == a || q == b || q == c) continue;
    bool inside = sign(orientation(a, b, q)) != -turn && sign(orientation(b, c, q)) != -turn &&
                  sign(orientation(c, a, q)) != -turn;
    double d = std::abs(orientation(a, c, q));
    if (inside && d > distance) {
      distance = d;
      farthest = &q;
    }
  }
  if (farthest == nullptr) {
    return {(a.x + b.x + c.x) / 3, (a.y + b.y + c.y) / 3};
  }
  return {(b.x + farthest->x) / 2, (b.y + farthest->y) / 2};
}

}  // namespace citadel::resources::geo
