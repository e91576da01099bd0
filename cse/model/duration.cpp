#include "cse/model/duration.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace citadel::model {

std::optional<std::chrono::milliseconds> parseDuration(std::string_view text) {
  if (text.size() < 3 || text[0] != 'P') {
    return std::nullopt;
  }
  constexpr double kDayMs = 86400.0 * 1000;
  constexpr double kLimitMs = 100 * 365 * kDayMs;
  double total_ms = 0;
  bool in_time = false;
  bool any = false;
  bool time_component = false;
  std::string_view order = "YMWD";  // designators still allowed, in this order
  size_t i = 1;
  while (i < text.size()) {
    if (text[i] == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      order = "HMS";
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    if (i == start || i >= text.size() || i - start > 15) return std::nullopt;
    std::string number(text.substr(start, i - start));
    char designator = text[i++];
    size_t at = order.find(designator);
    if (at == std::string_view::npos) return std::nullopt;
    order = order.substr(at + 1);
    bool fraction = number.find('.') != std::string::npos;
    // Only seconds take a fraction (XML Schema); "1." and ".5" are not numbers there.
    if (fraction && (designator != 'S' || number.front() == '.' || number.back() == '.' ||
                     number.find('.') != number.rfind('.'))) {
      return std::nullopt;
    }
    double value = std::strtod(number.c_str(), nullptr);
    double unit_ms = 0;
    if (!in_time) {
      unit_ms = designator == 'Y'   ? 365 * kDayMs
                : designator == 'M' ? 30 * kDayMs
                : designator == 'W' ? 7 * kDayMs
                                    : kDayMs;
    } else {
      unit_ms = designator == 'H' ? 3600.0 * 1000 : designator == 'M' ? 60.0 * 1000 : 1000.0;
      time_component = true;
    }
    total_ms += value * unit_ms;
    any = true;
  }
  if (!any || (in_time && !time_component) || total_ms > kLimitMs) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(static_cast<int64_t>(total_ms + 0.5));
}

std::string formatDuration(std::chrono::milliseconds duration) {
  return "PT" + formatSeconds(duration) + "S";
}

std::string formatSeconds(std::chrono::milliseconds duration) {
  int64_t ms = duration.count();
  std::string text = std::to_string(ms / 1000);
  if (ms % 1000 != 0) {
    char fraction[24];
    std::snprintf(fraction, sizeof(fraction), ".%03lld", static_cast<long long>(ms % 1000));
    std::string f(fraction);
    while (f.back() == '0') f.pop_back();
    text += f;
  }
  return text;
}

}  // namespace citadel::model
