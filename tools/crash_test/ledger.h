#pragma once
// The ledger: what each writer was told (acknowledged or not), and so what must be in the CSE
// after any number of kill -9 and restarts. One WriterLedger per writer thread; the writer owns
// it while it runs and the verifier reads it after every writer has been joined, so it needs no
// lock.
//
// An unanswered (or rejected) write is "maybe": it may or may not have been applied, now or
// later (an MQTT request queued in the broker's persistent session reaches the CSE after its
// restart). The writer never touches a resource again once a write on it is maybe, so a late
// arrival cannot reorder acknowledged writes.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace citadel::crash_test {

enum class Fate {
  kPresent,  // created with an acknowledgement, not deleted with one
  kAbsent,   // deleted with an acknowledgement (2002)
  kMaybe,    // its last create or delete went unanswered: either state is correct
};

struct InstanceRecord {
  std::string con;
  Fate fate = Fate::kPresent;
};

struct ContainerRecord {
  Fate fate = Fate::kPresent;
  // The lbl values it may hold: the last acknowledged one, then any sent after it unanswered.
  std::vector<std::string> labels;
  bool labels_frozen = false;  // an update went unanswered: no more updates
  std::string retired_label;   // the value the last acknowledged update replaced
  std::map<std::string, InstanceRecord> instances;  // by rn
  int64_t acknowledged_instances = 0;               // instance creates answered 2001
  int64_t last_state_tag = 0;                       // st read by the previous verification
  bool dirty = true;                                // written since the last verification
};

// One container every writer adds instances to and deletes them from, over every binding at
// once, as the administrator: concurrent batches on one parent (its cni/cbs/st) when the kill
// comes. The only ledger shared between threads, hence its mutex.
struct SharedContainer {
  static constexpr const char* kName = "crash-shared";
  std::string path() const { return std::string("/cse-in/") + kName; }
  // It stays within one child list (the CSE caps rcn=4 at 1,000 children): writers delete
  // instead of creating at this many live instances.
  static constexpr size_t kMaxLive = 300;
  std::mutex mutex;
  ContainerRecord record;         // guarded by mutex while writers run
  std::vector<std::string> live;  // acknowledged instances no delete has been sent for
};

struct SimpleRecord {  // a subscription or an extra AE
  Fate fate = Fate::kPresent;
  bool dirty = true;
};

// The write operations the writers perform, for the per-type counters of the summary.
enum class WriteType {
  kAeCreate,
  kAeDelete,
  kContainerCreate,
  kContainerUpdate,
  kContainerDelete,
  kInstanceCreate,
  kInstanceDelete,
  kSubscriptionCreate,
  kSubscriptionDelete,
  kCount
};
const char* writeTypeName(WriteType type);

struct WriteCounters {
  int64_t acknowledged[static_cast<int>(WriteType::kCount)] = {};
  int64_t unanswered[static_cast<int>(WriteType::kCount)] = {};  // no response: outcome unknown
  int64_t rejected[static_cast<int>(WriteType::kCount)] = {};    // an error rsc came back
  void add(const WriteCounters& other);
  int64_t totalAcknowledged() const;
  int64_t totalUnanswered() const;
  int64_t totalRejected() const;
};

struct WriterLedger {
  std::string tag;      // "h0", "c0", "m0": binding letter and index, prefix of every name
  std::string binding;  // "http", "coap", "mqtt"
  std::string ae_name;  // rn of the writer's AE, under the CSEBase
  std::string ae_id;    // its AE-ID, the writer's originator
  std::map<std::string, ContainerRecord> containers;  // rn under the AE
  std::map<std::string, SimpleRecord> subscriptions;  // rn under the AE
  std::map<std::string, SimpleRecord> extra_aes;      // rn under the CSEBase
  WriteCounters counters;
  std::vector<std::string> rejections;  // the first few error answers, for the report
  int64_t next_name = 0;                // names are never reused
};

}  // namespace citadel::crash_test
