#include "resources/geo/spatial_relations.h"

#include <algorithm>
#include <utility>

#include "resources/geo/planar.h"

namespace citadel::resources::geo {
namespace {

struct Segment {
  Position a, b;
};

struct Envelope {
  double min_x, min_y, max_x, max_y;
  bool covers(const Envelope& o) const {
    return min_x <= o.min_x && min_y <= o.min_y && o.max_x <= max_x && o.max_y <= max_y;
  }
  bool meets(const Envelope& o) const {
    return min_x <= o.max_x && o.min_x <= max_x && min_y <= o.max_y && o.min_y <= max_y;
  }
};

template <typename Visit>
void forEachPosition(const Geometry& g, Visit visit) {
  for (const auto& p : g.points) visit(p);
  for (const auto& line : g.lines) {
    for (const auto& p : line) visit(p);
  }
  for (const auto& polygon : g.polygons) {
    for (const auto& p : polygon.front()) visit(p);  // holes lie inside the exterior ring
  }
}

Envelope envelopeOf(const Geometry& g) {
  Envelope e{0, 0, 0, 0};
  bool first = true;
  forEachPosition(g, [&](const Position& p) {
    if (first) {
      e = {p.x, p.y, p.x, p.y};
      first = false;
    }
    e = {std::min(e.min_x, p.x), std::min(e.min_y, p.y), std::max(e.max_x, p.x),
         std::max(e.max_y, p.y)};
  });
  return e;
}

void appendSegments(const std::vector<Position>& path, std::vector<Segment>* out) {
  for (size_t i = 0; i + 1 < path.size(); ++i) out->push_back({path[i], path[i + 1]});
  if (path.size() == 1) out->push_back({path[0], path[0]});
}

// The segments of the lines, and the edges of every ring (the area's boundary).
std::vector<Segment> linearSegments(const Geometry& g) {
  std::vector<Segment> out;
  for (const auto& line : g.lines) appendSegments(line, &out);
  return out;
}

std::vector<Segment> boundarySegments(const Geometry& g) {
  std::vector<Segment> out;
  for (const auto& polygon : g.polygons) {
    for (const auto& ring : polygon) appendSegments(ring, &out);
  }
  return out;
}

Location locateInAreas(const Position& p, const std::vector<Polygon>& polygons) {
  Location best = Location::kExterior;
  for (const auto& polygon : polygons) {
    Location l = locateInPolygon(p, polygon);
    if (l == Location::kInterior) return l;
    if (l == Location::kBoundary) best = l;
  }
  return best;
}

bool onAnySegment(const Position& p, const std::vector<Segment>& segments) {
  return std::any_of(segments.begin(), segments.end(),
                     [&](const Segment& s) { return onSegment(p, s.a, s.b); });
}

// True when p belongs to g (its points, lines or areas, boundaries included).
bool touches(const Position& p, const Geometry& g) {
  return std::find(g.points.begin(), g.points.end(), p) != g.points.end() ||
         onAnySegment(p, linearSegments(g)) ||
         locateInAreas(p, g.polygons) != Location::kExterior;
}

// The stretches [t0, t1] of p–q that lie along one of `segments` (collinear overlaps), in the
// parameters of p–q. p != q.
std::vector<std::pair<double, double>> collinearStretches(const Position& p, const Position& q,
                                                          const std::vector<Segment>& segments) {
  std::vector<std::pair<double, double>> out;
  for (const auto& s : segments) {
    if (orientation(p, q, s.a) != 0 || orientation(p, q, s.b) != 0) continue;
    std::vector<double> t;
    intersectionParameters(p, q, s.a, s.b, &t);
    if (t.size() == 2 && t[0] < t[1]) out.emplace_back(t[0], t[1]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool inStretches(double t, const std::vector<std::pair<double, double>>& stretches) {
  return std::any_of(stretches.begin(), stretches.end(),
                     [&](const auto& s) { return s.first <= t && t <= s.second; });
}

// True when the stretches cover [0, 1] without a gap.
bool coverWhole(const std::vector<std::pair<double, double>>& sorted) {
  double reached = 0;
  for (const auto& [from, to] : sorted) {
    if (from > reached) return false;
    reached = std::max(reached, to);
  }
  return reached >= 1;
}

// The boundary of lines (OGC mod-2 rule): ends shared by an odd number of open lines.
std::vector<Position> lineBoundary(const std::vector<LineString>& lines) {
  std::vector<Position> ends;
  for (const auto& line : lines) {
    if (line.front() == line.back()) continue;  // a closed line has no boundary
    for (const Position& end : {line.front(), line.back()}) {
      auto it = std::find(ends.begin(), ends.end(), end);
      if (it == ends.end()) {
        ends.push_back(end);
      } else {
        ends.erase(it);
      }
    }
  }
  return ends;
}

bool isIn(const Position& p, const std::vector<Position>& set) {
  return std::find(set.begin(), set.end(), p) != set.end();
}

// Records what part of b holds each piece of p–q: fails on a piece outside b, sets *interior
// when a piece lies in b's interior. p–q is cut wherever it meets an edge of b, so each piece
// is along the boundary, inside or outside as a whole and one inner point decides it.
bool segmentInAreas(const Position& p, const Position& q, const Geometry& b,
                    const std::vector<Segment>& edges, bool* interior) {
  if (p == q) {
    Location l = locateInAreas(p, b.polygons);
    *interior = *interior || l == Location::kInterior;
    return l != Location::kExterior;
  }
  std::vector<double> cuts = {0, 1};
  for (const auto& e : edges) intersectionParameters(p, q, e.a, e.b, &cuts);
  std::sort(cuts.begin(), cuts.end());
  auto along = collinearStretches(p, q, edges);
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    if (cuts[i + 1] <= cuts[i]) continue;
    double t = (cuts[i] + cuts[i + 1]) / 2;
    if (inStretches(t, along)) continue;  // on the boundary
    Position m{p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
    Location l = locateInAreas(m, b.polygons);
    if (l == Location::kExterior) return false;
    *interior = *interior || l == Location::kInterior;
  }
  return true;
}

bool pathsInAreas(const std::vector<std::vector<Position>>& paths, const Geometry& b,
                  bool* interior) {
  std::vector<Segment> edges = boundarySegments(b);
  for (const auto& path : paths) {
    std::vector<Segment> own;
    appendSegments(path, &own);
    for (const auto& s : own) {
      if (!segmentInAreas(s.a, s.b, b, edges, interior)) return false;
    }
  }
  return true;
}

bool withinPoints(const Geometry& a, const Geometry& b) {
  if (!a.lines.empty() || !a.polygons.empty()) return false;
  return std::all_of(a.points.begin(), a.points.end(),
                     [&](const Position& p) { return isIn(p, b.points); });
}

bool withinLines(const Geometry& a, const Geometry& b) {
  if (!a.polygons.empty()) return false;
  std::vector<Segment> segments = linearSegments(b);
  std::vector<Position> boundary = lineBoundary(b.lines);
  bool interior = false;
  for (const auto& p : a.points) {
    if (!onAnySegment(p, segments)) return false;
    interior = interior || !isIn(p, boundary);
  }
  for (const auto& line : a.lines) {
    std::vector<Segment> own;
    appendSegments(line, &own);
    for (const auto& s : own) {
      if (s.a == s.b) {
        if (!onAnySegment(s.a, segments)) return false;
        interior = interior || !isIn(s.a, boundary);
      } else {
        if (!coverWhole(collinearStretches(s.a, s.b, segments))) return false;
        interior = true;  // a covered stretch of positive length runs through b's interior
      }
    }
  }
  return interior;
}

bool withinAreas(const Geometry& a, const Geometry& b) {
  bool interior = false;
  for (const auto& p : a.points) {
    Location l = locateInAreas(p, b.polygons);
    if (l == Location::kExterior) return false;
    interior = interior || l == Location::kInterior;
  }
  if (!pathsInAreas(a.lines, b, &interior)) return false;
  if (a.polygons.empty()) return interior;
  std::vector<std::vector<Position>> exteriors;
  for (const auto& polygon : a.polygons) exteriors.push_back(polygon.front());
  if (!pathsInAreas(exteriors, b, &interior)) return false;
  // a's exterior rings lie in b, so a's area is in b unless a hole of b lies inside it.
  for (const auto& polygon : b.polygons) {
    for (size_t i = 1; i < polygon.size(); ++i) {
      if (locateInAreas(interiorPoint(polygon[i]), a.polygons) == Location::kInterior) {
        return false;
      }
    }
  }
  return true;  // an area inside b's closure shares interior with b
}

}  // namespace

bool intersects(const Geometry& a, const Geometry& b) {
  if (!envelopeOf(a).meets(envelopeOf(b))) return false;
  for (const auto& p : a.points) {
    if (touches(p, b)) return true;
  }
  for (const auto& p : b.points) {
    if (touches(p, a)) return true;
  }
  std::vector<Segment> sa = linearSegments(a), sb = linearSegments(b);
  std::vector<Segment> ea = boundarySegments(a), eb = boundarySegments(b);
  sa.insert(sa.end(), ea.begin(), ea.end());
  sb.insert(sb.end(), eb.begin(), eb.end());
  for (const auto& s : sa) {
    for (const auto& t : sb) {
      if (segmentsIntersect(s.a, s.b, t.a, t.b)) return true;
    }
  }
  // No boundaries meet: a line or area of one is wholly inside an area of the other, or they
  // are apart. One position of each part decides.
  auto inside = [](const Geometry& g, const Geometry& areas) {
    for (const auto& line : g.lines) {
      if (locateInAreas(line.front(), areas.polygons) != Location::kExterior) return true;
    }
    for (const auto& polygon : g.polygons) {
      if (locateInAreas(polygon.front().front(), areas.polygons) != Location::kExterior) {
        return true;
      }
    }
    return false;
  };
  return inside(a, b) || inside(b, a);
}

bool within(const Geometry& a, const Geometry& b) {
  if (!envelopeOf(b).covers(envelopeOf(a))) return false;
  if (!b.polygons.empty()) return withinAreas(a, b);
  if (!b.lines.empty()) return withinLines(a, b);
  return withinPoints(a, b);
}

bool contains(const Geometry& a, const Geometry& b) { return within(b, a); }

bool relate(SpatialFunction function, const Geometry& location, const Geometry& query) {
  switch (function) {
    case SpatialFunction::kWithin: return within(location, query);
    case SpatialFunction::kContains: return contains(location, query);
    case SpatialFunction::kIntersects: return intersects(location, query);
  }
  return false;
}

}  // namespace citadel::resources::geo
