#include "security/access_context.h"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace citadel::security {
namespace {

bool parseInt(std::string_view text, int* out) {
  if (text.empty()) {
    return false;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// One schedule field: '*' or a comma list of "a", "a-b", "*/n", "a-b/n".
bool fieldMatches(std::string_view field, int value, int min, int max, bool* ok) {
  bool matched = false;
  while (!field.empty()) {
    size_t comma = field.find(',');
    std::string_view item = field.substr(0, comma);
    field = comma == std::string_view::npos ? std::string_view() : field.substr(comma + 1);
    int step = 1;
    size_t slash = item.find('/');
    if (slash != std::string_view::npos) {
      if (!parseInt(item.substr(slash + 1), &step) || step <= 0) {
        *ok = false;
        return false;
      }
      item = item.substr(0, slash);
    }
    int low = min, high = max;
    if (item != "*") {
      size_t dash = item.find('-');
      if (dash == std::string_view::npos) {
        if (!parseInt(item, &low)) {
          *ok = false;
          return false;
        }
        high = slash == std::string_view::npos ? low : max;
      } else if (!parseInt(item.substr(0, dash), &low) ||
                 !parseInt(item.substr(dash + 1), &high)) {
        *ok = false;
        return false;
      }
    }
    if (value >= low && value <= high && (value - low) % step == 0) {
      matched = true;
    }
  }
  return matched;
}

bool parseAddress(std::string_view text, int* family, std::array<uint8_t, 16>* bytes) {
  std::string s(text);
  if (inet_pton(AF_INET, s.c_str(), bytes->data()) == 1) {
    *family = AF_INET;
    return true;
  }
  if (inet_pton(AF_INET6, s.c_str(), bytes->data()) == 1) {
    *family = AF_INET6;
    return true;
  }
  return false;
}

bool anyMatches(const model::Json& list, std::string_view address) {
  if (!list.is_array()) {
    return false;
  }
  for (const auto& range : list) {
    if (range.is_string() && ipInRange(address, range.get_ref<const std::string&>())) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool scheduleMatches(std::string_view schedule, model::TimePoint now) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (start < schedule.size()) {
    size_t end = schedule.find(' ', start);
    if (end == std::string_view::npos) {
      end = schedule.size();
    }
    if (end > start) {
      fields.push_back(schedule.substr(start, end - start));
    }
    start = end + 1;
  }
  if (fields.size() != 7) {
    return false;
  }
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const int values[7] = {tm.tm_sec, tm.tm_min, tm.tm_hour, tm.tm_mday,
                         tm.tm_mon + 1, tm.tm_wday, tm.tm_year + 1900};
  static constexpr int kMin[7] = {0, 0, 0, 1, 1, 0, 1970};
  static constexpr int kMax[7] = {59, 59, 23, 31, 12, 6, 9999};
  bool ok = true;
  for (size_t i = 0; i < 7; ++i) {
    if (!fieldMatches(fields[i], values[i], kMin[i], kMax[i], &ok) || !ok) {
      return false;
    }
  }
  return true;
}

bool ipInRange(std::string_view address, std::string_view range) {
  size_t slash = range.find('/');
  int family_a, family_r;
  std::array<uint8_t, 16> a{}, r{};
  if (!parseAddress(address, &family_a, &a) ||
      !parseAddress(range.substr(0, slash), &family_r, &r) || family_a != family_r) {
    return false;
  }
  int max_bits = family_a == AF_INET ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos &&
      (!parseInt(range.substr(slash + 1), &bits) || bits < 0 || bits > max_bits)) {
    return false;
  }
  for (int i = 0; i < bits; ++i) {
    uint8_t mask = static_cast<uint8_t>(0x80 >> (i % 8));
    if ((a[i / 8] & mask) != (r[i / 8] & mask)) {
      return false;
    }
  }
  return true;
}

bool accessContextMatches(const model::Json& context, model::TimePoint now,
                          std::string_view peer_address, const OriginatorLocation* location) {
  if (!context.is_object()) {
    return false;
  }
  if (auto it = context.find("actw"); it != context.end()) {
    bool any = false;
    for (const auto& window : *it) {
      if (window.is_string() && scheduleMatches(window.get_ref<const std::string&>(), now)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return false;
    }
  }
  if (auto it = context.find("acip"); it != context.end()) {
    if (!it->is_object()) {
      return false;  // json::value() below would throw on a malformed stored rule
    }
    bool any = anyMatches(it->value("ipv4", model::Json()), peer_address) ||
               anyMatches(it->value("ipv6", model::Json()), peer_address);
    if (!any) {
      return false;
    }
  }
  if (auto it = context.find("aclr"); it != context.end()) {
    // TS-0003 Table 7.1.2-2: rq_loc comes from the network, never from the request. Without a
    // retained location F.2.1 step 2 lets the CSE deny: locationInRegion(nullptr, …) is false.
    if (!locationInRegion(location, *it)) {
      return false;
    }
  }
  return true;
}

}  // namespace citadel::security
