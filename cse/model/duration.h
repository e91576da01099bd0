#pragma once
// xs:duration (TS-0004 Table 6.3.2-1, the XML Schema / ISO 8601 form "PnYnMnDTnHnMnS"), as
// m2m:batchNotify/duration carries it (TS-0004 Table 6.3.5.6-1).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace citadel::model {

// Parses "P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]" with at least one component (and at least one
// after a 'T'). A year counts 365 days and a month 30: a duration here is a span from "now",
// not a calendar step. nullopt when malformed, negative or beyond a hundred years.
std::optional<std::chrono::milliseconds> parseDuration(std::string_view text);
// "PT<n>S" (whole seconds; a fraction of milliseconds when there is one).
std::string formatDuration(std::chrono::milliseconds duration);
// The number of seconds alone: "5" for 5000 ms, "2.5" for 2500, "0.01" for 10.
std::string formatSeconds(std::chrono::milliseconds duration);

}  // namespace citadel::model
