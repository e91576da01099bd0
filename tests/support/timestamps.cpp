#include "tests/support/timestamps.h"

#include <cctype>
#include <ctime>

namespace citadel::testing {

std::optional<SystemTime> parseTimestamp(const std::string& text) {
  if (text.size() < 15 || text[8] != 'T') {
    return std::nullopt;
  }
  for (size_t i = 0; i < 15; ++i) {
    if (i != 8 && !std::isdigit(static_cast<unsigned char>(text[i]))) {
      return std::nullopt;
    }
  }
  if (text.size() > 15) {
    if (text[15] != ',' || text.size() == 16 || text.size() > 22) {
      return std::nullopt;
    }
    for (size_t i = 16; i < text.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
        return std::nullopt;
      }
    }
  }
  auto number = [&](size_t at, size_t len) { return std::stoi(text.substr(at, len)); };
  std::tm tm{};
  tm.tm_year = number(0, 4) - 1900;
  tm.tm_mon = number(4, 2) - 1;
  tm.tm_mday = number(6, 2);
  tm.tm_hour = number(9, 2);
  tm.tm_min = number(11, 2);
  tm.tm_sec = number(13, 2);
  if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    return std::nullopt;
  }
  // The fraction (ct/lt carry microseconds): padded to six digits.
  int64_t micros = 0;
  if (text.size() > 16) {
    std::string fraction = text.substr(16);
    fraction.resize(6, '0');
    micros = std::stoll(fraction);
  }
  return std::chrono::system_clock::from_time_t(::timegm(&tm)) + std::chrono::microseconds(micros);
}

std::string formatTimestamp(SystemTime time) {
  std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y%m%dT%H%M%S", &tm);
  return buffer;
}

std::string timestampFromNow(std::chrono::seconds offset) {
  return formatTimestamp(std::chrono::system_clock::now() + offset);
}

}  // namespace citadel::testing
