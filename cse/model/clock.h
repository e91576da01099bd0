#pragma once
// Time source and oneM2M timestamps (TS-0004 §6.3.3: ISO 8601 basic format, UTC,
// "YYYYMMDDThhmmss[,ffffff]"). Everything that reads the time takes a Clock so that tests can
// advance it instead of sleeping.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace citadel::model {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  // The current UTC time. Thread-safe.
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// Formats `t` as "YYYYMMDDThhmmss" (whole seconds; the spec allows omitting the fraction).
std::string formatTimestamp(TimePoint t);
// Formats `t` as "YYYYMMDDThhmmss,ffffff" (microseconds, as m2m:timestamp allows): for ct/lt,
// so that two resources created within one second are ordered (issue 24 #20).
std::string formatPreciseTimestamp(TimePoint t);
// `text` (a valid timestamp, with or without a fraction) as "YYYYMMDDThhmmss,ffffff", the form
// in which string order is time order; nullopt when `text` is not a timestamp.
std::optional<std::string> canonicalTimestamp(std::string_view text);
// Parses "YYYYMMDDThhmmss" with an optional ",ffffff" or ".ffffff" fraction. nullopt when
// malformed, including impossible dates (month 13, second 61). A date TimePoint cannot hold
// (after 2262 or before 1678) gives TimePoint::max() / TimePoint::min().
std::optional<TimePoint> parseTimestamp(std::string_view text);
// m2m:absRelTimestamp: a timestamp, or a whole number of milliseconds relative to `now` (an
// xs:long within +-100 years; a negative one lies in the past).
std::optional<TimePoint> parseAbsRelTimestamp(std::string_view text, TimePoint now);

}  // namespace citadel::model
