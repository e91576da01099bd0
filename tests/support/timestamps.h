#pragma once
// m2m:timestamp helpers for tests (TS-0004 §6.3.3: basic ISO 8601, UTC, "YYYYMMDDThhmmss" with
// an optional ",ffffff" fraction).

#include <chrono>
#include <optional>
#include <string>

namespace citadel::testing {

using SystemTime = std::chrono::system_clock::time_point;

// With its fraction (microseconds); nullopt when `text` is not a valid m2m:timestamp.
std::optional<SystemTime> parseTimestamp(const std::string& text);
std::string formatTimestamp(SystemTime time);
// formatTimestamp(now + offset).
std::string timestampFromNow(std::chrono::seconds offset);

}  // namespace citadel::testing
