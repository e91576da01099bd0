#include "resources/geo/geometry.h"

#include <cmath>
#include <string>

namespace citadel::resources::geo {
namespace {

using model::Json;
using model::Result;
using model::Status;

constexpr std::string_view kTypeNames[] = {"Point",      "LineString",      "Polygon",
                                           "MultiPoint", "MultiLineString", "MultiPolygon"};

// Array nesting of the coordinates member of each type (RFC 7946 §3.1.2-§3.1.7).
constexpr int kDepth[] = {1, 2, 3, 2, 3, 4};

// Reads one geometry's coordinates; every error names the attribute and the offending part.
class Reader {
 public:
  Reader(std::string_view what, std::string_view type_name) : what_(what), type_(type_name) {}

  Status bad(const std::string& problem) const {
    return Status::badRequest(std::string(what_) + ": " + problem + " (a GeoJSON " +
                                  std::string(type_) + " coordinates array, RFC 7946 §3.1)",
                              "geo.bad_coordinates");
  }

  Result<Position> position(const Json& value) {
    if (!value.is_array() || value.size() < 2 || value.size() > 3) {
      return bad("a position must be an array of 2 or 3 numbers [x, y(, z)], got " +
                 excerpt(value));
    }
    for (const auto& number : value) {
      if (!number.is_number() || !std::isfinite(number.get<double>())) {
        return bad("a position holds numbers only, got " + excerpt(value));
      }
    }
    if (++positions_ > kMaxGeometryPositions) {
      return bad("more than " + std::to_string(kMaxGeometryPositions) + " positions");
    }
    return Position{value[0].get<double>(), value[1].get<double>()};
  }

  Result<std::vector<Position>> positions(const Json& value, size_t minimum, const char* name) {
    if (!value.is_array() || value.size() < minimum) {
      return bad(std::string("a ") + name + " must be an array of at least " +
                 std::to_string(minimum) + " positions, got " + excerpt(value));
    }
    std::vector<Position> out;
    for (const auto& element : value) {
      CITADEL_ASSIGN_OR_RETURN(Position p, position(element));
      out.push_back(p);
    }
    return out;
  }

  Result<Polygon> polygon(const Json& value) {
    if (!value.is_array() || value.empty()) {
      return bad("a Polygon must be an array of linear rings (exterior first), got " +
                 excerpt(value));
    }
    Polygon out;
    for (const auto& element : value) {
      CITADEL_ASSIGN_OR_RETURN(Ring ring, positions(element, 4, "linear ring"));
      if (ring.front() != ring.back()) {
        return bad("a linear ring must be closed (its last position equal to its first), got " +
                   excerpt(element));
      }
      out.push_back(std::move(ring));
    }
    return out;
  }

  // A Multi* member: a non-empty array of parts.
  Status nonEmpty(const Json& value, const char* parts) const {
    if (!value.is_array() || value.empty()) {
      return bad(std::string("expected a non-empty array of ") + parts + ", got " +
                 excerpt(value));
    }
    return {};
  }

 private:
  static std::string excerpt(const Json& value) {
    std::string text = value.dump();
    return text.size() > 60 ? text.substr(0, 57) + "..." : text;
  }

  std::string_view what_;
  std::string_view type_;
  size_t positions_ = 0;
};

// The deepest array/object nesting of `text`, counted before parsing so that a hostile string
// never reaches the parser's recursion.
int nesting(std::string_view text) {
  int depth = 0, deepest = 0;
  for (char c : text) {
    if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    if (c == ']' || c == '}') --depth;
  }
  return deepest;
}

}  // namespace

Result<Geometry> parseGeometry(int64_t type, std::string_view coordinates, std::string_view what) {
  if (type < 1 || type > 6) {
    return Status::badRequest(std::string(what) + ": geometry type " + std::to_string(type) +
                                  " is not an m2m:geometryType (1 Point, 2 LineString, 3 "
                                  "Polygon, 4 MultiPoint, 5 MultiLineString, 6 MultiPolygon)",
                              "geo.bad_type");
  }
  Geometry g;
  g.type = static_cast<GeometryType>(type);
  Reader reader(what, kTypeNames[type - 1]);
  if (coordinates.size() > kMaxGeometryTextBytes) {
    return reader.bad("longer than " + std::to_string(kMaxGeometryTextBytes) + " bytes");
  }
  if (nesting(coordinates) > kDepth[type - 1]) {
    return reader.bad("arrays nested deeper than " + std::to_string(kDepth[type - 1]) +
                      " levels");
  }
  Json value = Json::parse(coordinates, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_array()) {
    return reader.bad("not a JSON array");
  }
  switch (g.type) {
    case GeometryType::kPoint: {
      CITADEL_ASSIGN_OR_RETURN(Position p, reader.position(value));
      g.points.push_back(p);
      break;
    }
    case GeometryType::kMultiPoint: {
      CITADEL_ASSIGN_OR_RETURN(g.points, reader.positions(value, 1, "MultiPoint"));
      break;
    }
    case GeometryType::kLineString: {
      CITADEL_ASSIGN_OR_RETURN(LineString line, reader.positions(value, 2, "LineString"));
      g.lines.push_back(std::move(line));
      break;
    }
    case GeometryType::kMultiLineString:
      CITADEL_RETURN_IF_ERROR(reader.nonEmpty(value, "LineStrings"));
      for (const auto& element : value) {
        CITADEL_ASSIGN_OR_RETURN(LineString line, reader.positions(element, 2, "LineString"));
        g.lines.push_back(std::move(line));
      }
      break;
    case GeometryType::kPolygon: {
      CITADEL_ASSIGN_OR_RETURN(Polygon polygon, reader.polygon(value));
      g.polygons.push_back(std::move(polygon));
      break;
    }
    case GeometryType::kMultiPolygon:
      CITADEL_RETURN_IF_ERROR(reader.nonEmpty(value, "Polygons"));
      for (const auto& element : value) {
        CITADEL_ASSIGN_OR_RETURN(Polygon polygon, reader.polygon(element));
        g.polygons.push_back(std::move(polygon));
      }
      break;
  }
  return g;
}

Result<Geometry> parseGeoCoordinates(const model::Json& value, std::string_view what) {
  auto bad = [&](const std::string& problem) {
    return Status::badRequest(std::string(what) + " (m2m:geoCoordinates): " + problem,
                              "geo.bad_coordinates");
  };
  if (!value.is_object()) {
    return bad("expected an object {\"typ\": <geometryType 1..6>, \"crd\": \"<coordinates>\"}");
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it.key() != "typ" && it.key() != "crd") {
      return bad("unknown member '" + it.key() + "' (only typ and crd)");
    }
  }
  auto typ = value.find("typ");
  if (typ == value.end() || !typ->is_number_integer()) {
    return bad("typ is mandatory: an m2m:geometryType integer 1..6");
  }
  auto crd = value.find("crd");
  if (crd == value.end() || !crd->is_string()) {
    return bad("crd is mandatory: the GeoJSON coordinates as a JSON string, e.g. \"[1.0, 2.0]\"");
  }
  return parseGeometry(typ->get<int64_t>(), crd->get_ref<const std::string&>(),
                       std::string(what) + " crd");
}

}  // namespace citadel::resources::geo
