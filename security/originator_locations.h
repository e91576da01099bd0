#pragma once
// Where originators are, for location contexts of access-control rules (acco.aclr). TS-0003
// Annex F: "the Hosting CSE shall retain the location of the Originator, or acquire the
// location or deny the access"; rq_loc must come from a trusted source, never from the request.
// This CSE retains locations an operator provisions in a file (acp.locations), one per line,
//
//     <originator> <latitude> <longitude> <country>     # e.g. Clamp 52.52 13.405 DE
//
// with "-" for a part that is unknown (a point or a country). Originators are in their local
// form (AE-ID stem "Clamp", CSE-ID "/id-mn"). An originator that is not listed has no location,
// so every aclr condition is false for it (deny by default).

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::security {

struct OriginatorLocation {
  std::optional<double> latitude;   // degrees, -90..90 (with longitude, or neither)
  std::optional<double> longitude;  // degrees, -180..180
  std::string country;              // ISO 3166-1 alpha-2, "" when unknown
};

class OriginatorLocations {
 public:
  // 4000 naming the file and line for a missing file or a malformed line.
  static model::Result<OriginatorLocations> load(const std::string& path);
  static model::Result<OriginatorLocations> parse(std::string_view text, std::string_view origin);

  const OriginatorLocation* find(std::string_view originator) const;
  size_t size() const { return locations_.size(); }

 private:
  std::map<std::string, OriginatorLocation, std::less<>> locations_;
};

// True when `location` lies in the m2m:locationRegion `region`: its country is one of accc, or
// its point is within accr [latitude, longitude, radius in metres] (great-circle distance).
// No location, an unknown part or a malformed region: false.
bool locationInRegion(const OriginatorLocation* location, const model::Json& region);

}  // namespace citadel::security
