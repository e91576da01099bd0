#include "cse/model/clock.h"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace citadel::model {
namespace {

bool parseDigits(std::string_view text, size_t pos, size_t count, int* out) {
  if (pos + count > text.size()) {
    return false;
  }
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

bool isLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int daysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && isLeap(year) ? 29 : kDays[month - 1];
}

}  // namespace

std::string formatTimestamp(TimePoint t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y%m%dT%H%M%S", &tm);
  return buffer;
}

std::string formatPreciseTimestamp(TimePoint t) {
  auto since_epoch = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch());
  int64_t micros = since_epoch.count() % 1000000;
  if (micros < 0) {
    micros += 1000000;  // before 1970: the fraction counts up from the earlier whole second
  }
  TimePoint whole = t - std::chrono::microseconds(micros);
  char fraction[24];
  std::snprintf(fraction, sizeof(fraction), ",%06lld", static_cast<long long>(micros));
  return formatTimestamp(whole) + fraction;
}

std::optional<std::string> canonicalTimestamp(std::string_view text) {
  if (!parseTimestamp(text)) {
    return std::nullopt;
  }
  std::string out(text.substr(0, 15));
  out.push_back(',');
  if (text.size() > 16) {
    out.append(text.substr(16));
  }
  out.resize(22, '0');
  return out;
}

std::optional<TimePoint> parseTimestamp(std::string_view text) {
  int year, month, day, hour, minute, second;
  if (text.size() < 15 || text[8] != 'T' || !parseDigits(text, 0, 4, &year) ||
      !parseDigits(text, 4, 2, &month) || !parseDigits(text, 6, 2, &day) ||
      !parseDigits(text, 9, 2, &hour) || !parseDigits(text, 11, 2, &minute) ||
      !parseDigits(text, 13, 2, &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  int64_t micros = 0;
  if (text.size() > 15) {
    // Fraction of 1..6 digits after ',' (spec) or '.' (tolerated).
    size_t digits = text.size() - 16;
    if ((text[15] != ',' && text[15] != '.') || digits < 1 || digits > 6) {
      return std::nullopt;
    }
    int fraction;
    if (!parseDigits(text, 16, digits, &fraction)) {
      return std::nullopt;
    }
    micros = fraction;
    for (size_t i = digits; i < 6; ++i) {
      micros *= 10;
    }
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t seconds = timegm(&tm);
  // TimePoint counts nanoseconds in 64 bits, years 1678..2261. A timestamp outside (9999 is a
  // common "never") saturates instead of overflowing into an arbitrary time (found by fuzzing).
  using Seconds = std::chrono::seconds;
  constexpr auto kLast = std::chrono::duration_cast<Seconds>(TimePoint::max().time_since_epoch());
  constexpr auto kFirst = std::chrono::duration_cast<Seconds>(TimePoint::min().time_since_epoch());
  if (seconds >= kLast.count()) {
    return TimePoint::max();
  }
  if (seconds <= kFirst.count()) {
    return TimePoint::min();
  }
  return std::chrono::system_clock::from_time_t(seconds) + std::chrono::microseconds(micros);
}

std::optional<TimePoint> parseAbsRelTimestamp(std::string_view text, TimePoint now) {
  if (!text.empty() && text.find('T') == std::string_view::npos) {
    int64_t millis = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), millis);
    // The relative form is an xs:long (TS-0004 Table 6.3.3-1): a negative offset lies in the
    // past, and a request whose rqet lies there has already expired (§7.3.2.1: 4008).
    constexpr int64_t kHundredYearsMs = int64_t{100} * 365 * 24 * 3600 * 1000;
    if (ec != std::errc() || ptr != text.data() + text.size() || millis < -kHundredYearsMs ||
        millis > kHundredYearsMs) {
      return std::nullopt;
    }
    return now + std::chrono::milliseconds(millis);
  }
  return parseTimestamp(text);
}

}  // namespace citadel::model
