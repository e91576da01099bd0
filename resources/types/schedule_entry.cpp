#include "resources/types/schedule_entry.h"

#include <time.h>

#include <charconv>

namespace citadel::resources {
namespace {

using model::Json;
using model::Status;

Status bad(std::string dbg) { return Status::badRequest(std::move(dbg), "schedule.bad_entry"); }

struct Field {
  const char* name;
  int low;
  int high;
};
constexpr Field kFields[7] = {{"second", 0, 59},      {"minute", 0, 59}, {"hour", 0, 23},
                              {"day of the month", 1, 31}, {"month", 1, 12},
                              {"day of the week", 0, 6}, {"year", 2000, 9999}};

std::optional<int> number(std::string_view text) {
  int value = 0;
  if (text.empty() || text.size() > 4) return std::nullopt;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Calls `add(low, high, step)` for each element of `text` (one field).
template <typename Add>
Status parseElements(std::string_view text, const Field& field, Add add) {
  auto outside = [&](std::string_view what) {
    return bad(std::string(field.name) + ": '" + std::string(what) + "' is not a value, range or " +
               "step within " + std::to_string(field.low) + "-" + std::to_string(field.high));
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view element = text.substr(start, comma == std::string_view::npos
                                                       ? std::string_view::npos
                                                       : comma - start);
    int low = field.low;
    int high = field.high;
    int step = 1;
    std::string_view range = element;
    if (size_t slash = element.find('/'); slash != std::string_view::npos) {
      auto parsed = number(element.substr(slash + 1));
      if (!parsed || *parsed < 1) return outside(element);
      step = *parsed;
      range = element.substr(0, slash);
    }
    if (range != "*") {
      size_t dash = range.find('-');
      auto first = number(range.substr(0, dash));
      if (!first) return outside(element);
      low = high = *first;
      if (dash != std::string_view::npos) {
        auto last = number(range.substr(dash + 1));
        if (!last) return outside(element);
        high = *last;
      } else if (step != 1) {
        return outside(element);  // a step follows a range or '*'
      }
    }
    if (low < field.low || high > field.high || low > high) return outside(element);
    add(low, high, step);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return {};
}

// Sets the values `text` selects in `set` (indexed value - field.low).
template <size_t N>
Status parseField(std::string_view text, const Field& field, std::bitset<N>& set) {
  return parseElements(text, field, [&](int low, int high, int step) {
    for (int value = low; value <= high; value += step) set.set(value - field.low);
  });
}

}  // namespace

model::Result<ScheduleEntry> ScheduleEntry::parse(std::string_view text) {
  if (text.size() > kMaxScheduleEntryBytes) {
    return bad("a schedule entry has at most " + std::to_string(kMaxScheduleEntryBytes) +
               " characters");
  }
  std::vector<std::string_view> fields;
  size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && text[at] == ' ') ++at;
    if (at == text.size()) break;
    size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    fields.push_back(text.substr(at, end - at));
    at = end;
  }
  if (fields.size() != 7) {
    return bad("a schedule entry has 7 fields (second minute hour day month weekday year), not " +
               std::to_string(fields.size()));
  }
  ScheduleEntry entry;
  CITADEL_RETURN_IF_ERROR(parseField(fields[0], kFields[0], entry.seconds_));
  CITADEL_RETURN_IF_ERROR(parseField(fields[1], kFields[1], entry.minutes_));
  CITADEL_RETURN_IF_ERROR(parseField(fields[2], kFields[2], entry.hours_));
  CITADEL_RETURN_IF_ERROR(parseField(fields[3], kFields[3], entry.days_));
  CITADEL_RETURN_IF_ERROR(parseField(fields[4], kFields[4], entry.months_));
  CITADEL_RETURN_IF_ERROR(parseField(fields[5], kFields[5], entry.weekdays_));
  CITADEL_RETURN_IF_ERROR(parseElements(fields[6], kFields[6], [&](int low, int high, int step) {
    entry.years_.push_back({low, high, step});
  }));
  return entry;
}

bool ScheduleEntry::matches(model::TimePoint when) const {
  time_t seconds = std::chrono::system_clock::to_time_t(when);
  struct tm utc {};
  if (gmtime_r(&seconds, &utc) == nullptr) return false;
  int year = utc.tm_year + 1900;
  bool in_year = false;
  for (const Years& range : years_) {
    in_year = in_year || (year >= range.low && year <= range.high &&
                          (year - range.low) % range.step == 0);
  }
  return in_year && seconds_.test(utc.tm_sec % 60) && minutes_.test(utc.tm_min) &&
         hours_.test(utc.tm_hour) && days_.test(utc.tm_mday - 1) && months_.test(utc.tm_mon) &&
         weekdays_.test(utc.tm_wday);
}

model::Result<std::vector<ScheduleEntry>> parseScheduleEntries(const Json& se) {
  auto sce = se.is_object() ? se.find("sce") : se.end();
  if (!se.is_object() || se.size() != 1 || sce == se.end() || !sce->is_array() || sce->empty() ||
      sce->size() > kMaxScheduleEntries) {
    return bad("se (scheduleElement) must be {\"sce\": [1.." +
               std::to_string(kMaxScheduleEntries) + " schedule entries]}");
  }
  std::vector<ScheduleEntry> entries;
  for (const Json& text : *sce) {
    if (!text.is_string()) return bad("se: each schedule entry is a string");
    auto entry = ScheduleEntry::parse(text.get_ref<const std::string&>());
    if (!entry.isOk()) {
      return bad("se: '" + text.get<std::string>().substr(0, 64) + "': " + entry.status().dbg());
    }
    entries.push_back(std::move(entry).value());
  }
  return entries;
}

bool scheduleAllows(const std::vector<ScheduleEntry>& entries, model::TimePoint when) {
  for (const ScheduleEntry& entry : entries) {
    if (entry.matches(when)) return true;
  }
  return false;
}

}  // namespace citadel::resources
