#include "tools/crash_test/ledger.h"

namespace citadel::crash_test {

const char* writeTypeName(WriteType type) {
  switch (type) {
    case WriteType::kAeCreate:
      return "AE create";
    case WriteType::kAeDelete:
      return "AE delete";
    case WriteType::kContainerCreate:
      return "container create";
    case WriteType::kContainerUpdate:
      return "container update (lbl)";
    case WriteType::kContainerDelete:
      return "container delete";
    case WriteType::kInstanceCreate:
      return "contentInstance create";
    case WriteType::kInstanceDelete:
      return "contentInstance delete";
    case WriteType::kSubscriptionCreate:
      return "subscription create";
    case WriteType::kSubscriptionDelete:
      return "subscription delete";
    case WriteType::kCount:
      break;
  }
  return "?";
}

void WriteCounters::add(const WriteCounters& other) {
  for (int i = 0; i < static_cast<int>(WriteType::kCount); ++i) {
    acknowledged[i] += other.acknowledged[i];
    unanswered[i] += other.unanswered[i];
    rejected[i] += other.rejected[i];
  }
}

namespace {
int64_t sum(const int64_t (&values)[static_cast<int>(WriteType::kCount)]) {
  int64_t total = 0;
  for (int64_t v : values) total += v;
  return total;
}
}  // namespace

int64_t WriteCounters::totalAcknowledged() const { return sum(acknowledged); }
int64_t WriteCounters::totalUnanswered() const { return sum(unanswered); }
int64_t WriteCounters::totalRejected() const { return sum(rejected); }

}  // namespace citadel::crash_test
