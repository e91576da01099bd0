#pragma once
// m2m:scheduleEntry (TS-0004 §7.4.9.1, Table 7.4.9.1-4): seven fields separated by spaces —
// second (0-59), minute (0-59), hour (0-23), day of the month (1-31), month (1-12), day of the
// week (0-6, 0 Sunday) and year (2000-9999) — each '*', or a comma-separated list of elements:
// a number, a range "a-b", or a range or '*' followed by a step "/n". A time matches when every
// field matches it, in UTC (the spec says nothing of cron's day-of-month/day-of-week OR rule:
// both must match here). Immutable after parse; thread-safe to share.

#include <bitset>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::resources {

// Implementation bounds on a scheduleElement.
inline constexpr size_t kMaxScheduleEntries = 64;
inline constexpr size_t kMaxScheduleEntryBytes = 256;

class ScheduleEntry {
 public:
  // 4000 "schedule.bad_entry" with a dbg naming the field and why ("hour: 24 is outside
  // 0-23").
  static model::Result<ScheduleEntry> parse(std::string_view text);
  bool matches(model::TimePoint when) const;

 private:
  std::bitset<60> seconds_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;      // 1..31
  std::bitset<13> months_;    // 1..12
  std::bitset<7> weekdays_;   // 0..6
  // The year field as its elements (a bitset of 8,000 years would make every parsed entry
  // ~1 KiB in memory, where the text is at most 256 bytes).
  struct Years {
    int low;
    int high;
    int step;
  };
  std::vector<Years> years_;
};

// A scheduleElement value, m2m:scheduleEntries {"sce": [entry, ...]}: 1..kMaxScheduleEntries
// entries, each parsed. 4000 naming se (and the entry) otherwise.
model::Result<std::vector<ScheduleEntry>> parseScheduleEntries(const model::Json& se);

// True when one of `entries` matches `when`.
bool scheduleAllows(const std::vector<ScheduleEntry>& entries, model::TimePoint when);

}  // namespace citadel::resources
