// The originator-locations provisioning file (security/originator_locations.h):
// "<originator> <latitude> <longitude> <country>" lines, '-' for unknown.
// Invariants: a rejection is 4000; every accepted location has both coordinates or neither,
// within -90..90 and -180..180, a country of "" or two letters; locationInRegion never throws,
// and a region naming the location's own point with radius 0 contains it.

#include <cmath>

#include "security/config_lines.h"
#include "security/originator_locations.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = fuzz::asText(data, size);
  auto locations = security::OriginatorLocations::parse(text, "locations");
  if (!locations.isOk()) {
    fuzz::checkRejection(locations.status());
    FUZZ_CHECK(locations.status().rsc() == model::Rsc::kBadRequest);
    return 0;
  }
  security::forEachConfigLine(text, [&](size_t, const std::vector<std::string_view>& fields) {
    const security::OriginatorLocation* location = locations.value().find(fields[0]);
    FUZZ_CHECK(location != nullptr);
    FUZZ_CHECK(location->latitude.has_value() == location->longitude.has_value());
    FUZZ_CHECK(location->country.empty() || location->country.size() == 2);
    if (location->latitude) {
      FUZZ_CHECK(std::isfinite(*location->latitude) && std::abs(*location->latitude) <= 90);
      FUZZ_CHECK(std::isfinite(*location->longitude) && std::abs(*location->longitude) <= 180);
      model::Json region = {{"accr", {*location->latitude, *location->longitude, 0.0}}};
      FUZZ_CHECK(security::locationInRegion(location, region));
    }
    if (!location->country.empty()) {
      FUZZ_CHECK(security::locationInRegion(location, {{"accc", {location->country}}}));
    }
    return model::Status::ok();
  }).ignore("the invariants abort; nothing to return");
  return 0;
}
