#include "security/originator_locations.h"

#include "security/config_lines.h"

#include <charconv>
#include <cmath>
#include <vector>

namespace citadel::security {
namespace {

constexpr size_t kMaxFileBytes = 16 << 20;
constexpr double kEarthRadiusMetres = 6371008.8;  // IUGG mean radius
constexpr double kPi = 3.14159265358979323846;

model::Status bad(std::string_view origin, size_t line, const std::string& what) {
  return model::Status::badRequest(
      std::string(origin) + ":" + std::to_string(line) + ": " + what, "config.acp_locations");
}

std::optional<double> degrees(std::string_view text, double limit) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
      std::fabs(value) > limit) {
    return std::nullopt;
  }
  return value;
}

bool isCountryCode(std::string_view text) {
  return text.size() == 2 && text[0] >= 'A' && text[0] <= 'Z' && text[1] >= 'A' && text[1] <= 'Z';
}

double radians(double degrees) { return degrees * kPi / 180.0; }

// Haversine: accurate to well under a metre at the radii ACPs use.
double distanceMetres(double lat1, double lon1, double lat2, double lon2) {
  double dlat = radians(lat2 - lat1);
  double dlon = radians(lon2 - lon1);
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(radians(lat1)) * std::cos(radians(lat2)) * std::sin(dlon / 2) *
                 std::sin(dlon / 2);
  return 2 * kEarthRadiusMetres * std::asin(std::sqrt(std::min(1.0, a)));
}

}  // namespace

model::Result<OriginatorLocations> OriginatorLocations::load(const std::string& path) {
  CITADEL_ASSIGN_OR_RETURN(ProvisioningFile file,
                           readProvisioningFile(path, "acp.locations", "config.acp_locations",
                                                kMaxFileBytes));
  return parse(file.text, path);
}

model::Result<OriginatorLocations> OriginatorLocations::parse(std::string_view text,
                                                              std::string_view origin) {
  OriginatorLocations locations;
  model::Status parsed = forEachConfigLine(
      text, [&](size_t line_number, const std::vector<std::string_view>& fields) -> model::Status {
        if (fields.size() != 4) {
          return bad(origin, line_number,
                     "expected \"<originator> <latitude> <longitude> <country>\" ('-' for "
                     "unknown), found " + std::to_string(fields.size()) + " fields");
        }
        OriginatorLocation location;
        if (fields[1] != "-" || fields[2] != "-") {
          location.latitude = degrees(fields[1], 90);
          location.longitude = degrees(fields[2], 180);
          if (!location.latitude || !location.longitude) {
            return bad(origin, line_number,
                       "latitude must be -90..90 and longitude -180..180 degrees (or both '-')");
          }
        }
        if (fields[3] != "-") {
          if (!isCountryCode(fields[3])) {
            return bad(origin, line_number,
                       "the country must be an ISO 3166-1 alpha-2 code or '-'");
          }
          location.country = std::string(fields[3]);
        }
        if (!locations.locations_.emplace(std::string(fields[0]), std::move(location)).second) {
          return bad(origin, line_number,
                     "the originator " + std::string(fields[0]) + " appears twice");
        }
        return {};
      });
  if (!parsed.isOk()) return parsed;
  return locations;
}

const OriginatorLocation* OriginatorLocations::find(std::string_view originator) const {
  auto it = locations_.find(originator);
  return it == locations_.end() ? nullptr : &it->second;
}

bool locationInRegion(const OriginatorLocation* location, const model::Json& region) {
  if (location == nullptr || !region.is_object()) return false;
  if (auto accc = region.find("accc"); accc != region.end()) {
    if (!accc->is_array() || location->country.empty()) return false;
    for (const auto& code : *accc) {
      if (code.is_string() && code.get_ref<const std::string&>() == location->country) return true;
    }
    return false;
  }
  auto accr = region.find("accr");
  if (accr == region.end() || !accr->is_array() || accr->size() != 3 || !location->latitude ||
      !location->longitude) {
    return false;
  }
  for (const auto& number : *accr) {
    if (!number.is_number()) return false;
  }
  double distance = distanceMetres((*accr)[0].get<double>(), (*accr)[1].get<double>(),
                                   *location->latitude, *location->longitude);
  return distance <= (*accr)[2].get<double>();
}

}  // namespace citadel::security
