#include "tools/crash_test/writer.h"

#include <mutex>
#include <vector>

#include "tools/crash_test/cse_under_test.h"

namespace citadel::crash_test {
namespace {

constexpr int kCreated = 2001;
constexpr int kDeleted = 2002;
constexpr int kUpdated = 2004;
constexpr size_t kRejectionsKept = 10;

// Relative weights of the write types: mostly instance creates (the load a CSE sees), enough
// deletes and updates that every kind of batch is in flight when the kill comes.
struct Weighted {
  int weight;
  bool (Writer::*write)(Wire&);
};

template <typename T>
const std::string& pickKey(const std::vector<const std::string*>& keys, T& rng) {
  return *keys[std::uniform_int_distribution<size_t>(0, keys.size() - 1)(rng)];
}

}  // namespace

Writer::Writer(std::string tag, std::string binding, uint64_t seed, SharedContainer& shared)
    : shared_(shared), rng_(seed) {
  ledger_.tag = std::move(tag);
  ledger_.binding = std::move(binding);
  ledger_.ae_name = "crash-" + ledger_.tag;
  ledger_.ae_id = "C" + ledger_.ae_name;
}

std::string Writer::newName(const char* kind) {
  return ledger_.tag + kind + std::to_string(ledger_.next_name++);
}

Writer::Outcome Writer::record(WriteType type, const WireReply& reply, int expected) {
  int index = static_cast<int>(type);
  if (!reply.answered) {
    ++ledger_.counters.unanswered[index];
    return Outcome::kUnanswered;
  }
  if (reply.rsc != expected) {
    ++ledger_.counters.rejected[index];
    if (ledger_.rejections.size() < kRejectionsKept) {
      ledger_.rejections.push_back(std::string(writeTypeName(type)) + ": " + reply.text);
    }
    return Outcome::kRejected;
  }
  ++ledger_.counters.acknowledged[index];
  return Outcome::kAcknowledged;
}

bool Writer::registerAe(Wire& wire, std::string* error) {
  Json body = {
      {"m2m:ae",
       {{"rn", ledger_.ae_name}, {"api", "N" + ledger_.ae_name}, {"rr", false}, {"srv", {"3"}}}}};
  WireReply reply = wire.create(ledger_.ae_id, "/cse-in", 2, body);
  if (reply.rsc != kCreated) {
    *error = "registration of " + ledger_.ae_name + " over " + wire.name() + ": " + reply.text;
    return false;
  }
  return true;
}

void Writer::run(Wire& wire, const std::atomic<bool>& stop) {
  static const Weighted kWrites[] = {
      {40, &Writer::createInstance},
      {8, &Writer::deleteInstance},
      {8, &Writer::createContainer},
      {14, &Writer::updateContainer},
      {4, &Writer::deleteContainer},
      {6, &Writer::createSubscription},
      {4, &Writer::deleteSubscription},
      {3, &Writer::createAe},
      {2, &Writer::deleteAe},
      {12, &Writer::createSharedInstance},
      {3, &Writer::deleteSharedInstance},
  };
  int total = 0;
  for (const auto& w : kWrites) total += w.weight;
  std::uniform_int_distribution<int> pick(0, total - 1);
  while (!stop.load()) {
    int roll = pick(rng_);
    for (const auto& w : kWrites) {
      if (roll < w.weight) {
        if (!(this->*w.write)(wire)) {
          return;  // unanswered: most likely killed; the main thread restarts the CSE
        }
        break;
      }
      roll -= w.weight;
    }
  }
}

std::string Writer::pickContainer(bool for_update) {
  std::vector<const std::string*> live;
  for (const auto& [rn, c] : ledger_.containers) {
    if (c.fate == Fate::kPresent && !(for_update && c.labels_frozen)) live.push_back(&rn);
  }
  return live.empty() ? std::string() : pickKey(live, rng_);
}

bool Writer::createContainer(Wire& wire) {
  std::string rn = newName("c");
  std::string label = rn + "-v0";
  WireReply reply =
      wire.create(ledger_.ae_id, aePath(), 3, {{"m2m:cnt", {{"rn", rn}, {"lbl", {label}}}}});
  Outcome outcome = record(WriteType::kContainerCreate, reply, kCreated);
  ContainerRecord& c = ledger_.containers[rn];
  c.labels = {label};
  c.fate = outcome == Outcome::kAcknowledged ? Fate::kPresent : Fate::kMaybe;
  return outcome != Outcome::kUnanswered;
}

bool Writer::updateContainer(Wire& wire) {
  std::string rn = pickContainer(true);
  if (rn.empty()) return createContainer(wire);
  ContainerRecord& c = ledger_.containers[rn];
  std::string label = rn + "-v" + std::to_string(ledger_.next_name++);
  WireReply reply =
      wire.update(ledger_.ae_id, aePath() + "/" + rn, {{"m2m:cnt", {{"lbl", {label}}}}});
  Outcome outcome = record(WriteType::kContainerUpdate, reply, kUpdated);
  c.dirty = true;
  if (outcome == Outcome::kAcknowledged) {
    c.retired_label = c.labels.front();
    c.labels = {label};
  } else {
    c.labels.push_back(label);
    c.labels_frozen = true;
  }
  return outcome != Outcome::kUnanswered;
}

bool Writer::deleteContainer(Wire& wire) {
  std::string rn = pickContainer(false);
  if (rn.empty()) return createContainer(wire);
  WireReply reply = wire.remove(ledger_.ae_id, aePath() + "/" + rn);
  Outcome outcome = record(WriteType::kContainerDelete, reply, kDeleted);
  ContainerRecord& c = ledger_.containers[rn];
  c.dirty = true;
  c.fate = outcome == Outcome::kAcknowledged ? Fate::kAbsent : Fate::kMaybe;
  return outcome != Outcome::kUnanswered;
}

bool Writer::createInstance(Wire& wire) {
  std::string container = pickContainer(false);
  if (container.empty()) return createContainer(wire);
  std::string rn = newName("i");
  // Sizes vary so that cbs checks more than a count.
  std::string con = rn + ":" + std::string(std::uniform_int_distribution<size_t>(0, 64)(rng_), 'x');
  WireReply reply = wire.create(ledger_.ae_id, aePath() + "/" + container, 4,
                                {{"m2m:cin", {{"rn", rn}, {"con", con}}}});
  Outcome outcome = record(WriteType::kInstanceCreate, reply, kCreated);
  ContainerRecord& c = ledger_.containers[container];
  c.dirty = true;
  c.instances[rn] = {con, outcome == Outcome::kAcknowledged ? Fate::kPresent : Fate::kMaybe};
  if (outcome == Outcome::kAcknowledged) ++c.acknowledged_instances;
  return outcome != Outcome::kUnanswered;
}

bool Writer::deleteInstance(Wire& wire) {
  std::string container = pickContainer(false);
  if (container.empty()) return createContainer(wire);
  ContainerRecord& c = ledger_.containers[container];
  std::vector<const std::string*> live;
  for (const auto& [rn, i] : c.instances) {
    if (i.fate == Fate::kPresent) live.push_back(&rn);
  }
  if (live.empty()) return createInstance(wire);
  std::string rn = pickKey(live, rng_);
  WireReply reply = wire.remove(ledger_.ae_id, aePath() + "/" + container + "/" + rn);
  Outcome outcome = record(WriteType::kInstanceDelete, reply, kDeleted);
  c.dirty = true;
  c.instances[rn].fate = outcome == Outcome::kAcknowledged ? Fate::kAbsent : Fate::kMaybe;
  return outcome != Outcome::kUnanswered;
}

bool Writer::createSubscription(Wire& wire) {
  std::string rn = newName("s");
  // Notified on updates of the AE (net 1), which never happen: the subscription is stored
  // state (resource, its index entries) without notification traffic.
  Json body = {{"m2m:sub", {{"rn", rn}, {"nu", {ledger_.ae_id}}, {"enc", {{"net", {1}}}}}}};
  WireReply reply = wire.create(ledger_.ae_id, aePath(), 23, body);
  Outcome outcome = record(WriteType::kSubscriptionCreate, reply, kCreated);
  ledger_.subscriptions[rn] = {outcome == Outcome::kAcknowledged ? Fate::kPresent : Fate::kMaybe,
                               true};
  return outcome != Outcome::kUnanswered;
}

bool Writer::deleteSubscription(Wire& wire) {
  std::vector<const std::string*> live;
  for (const auto& [rn, s] : ledger_.subscriptions) {
    if (s.fate == Fate::kPresent) live.push_back(&rn);
  }
  if (live.empty()) return createSubscription(wire);
  std::string rn = pickKey(live, rng_);
  WireReply reply = wire.remove(ledger_.ae_id, aePath() + "/" + rn);
  Outcome outcome = record(WriteType::kSubscriptionDelete, reply, kDeleted);
  ledger_.subscriptions[rn] = {outcome == Outcome::kAcknowledged ? Fate::kAbsent : Fate::kMaybe,
                               true};
  return outcome != Outcome::kUnanswered;
}

bool Writer::createAe(Wire& wire) {
  std::string rn = "crash-" + newName("a");
  Json body = {{"m2m:ae", {{"rn", rn}, {"api", "N" + rn}, {"rr", false}, {"srv", {"3"}}}}};
  WireReply reply = wire.create("C" + rn, "/cse-in", 2, body);
  Outcome outcome = record(WriteType::kAeCreate, reply, kCreated);
  ledger_.extra_aes[rn] = {outcome == Outcome::kAcknowledged ? Fate::kPresent : Fate::kMaybe, true};
  if (outcome != Outcome::kAcknowledged) wire.forget("C" + rn);
  return outcome != Outcome::kUnanswered;
}

bool Writer::deleteAe(Wire& wire) {
  std::vector<const std::string*> live;
  for (const auto& [rn, a] : ledger_.extra_aes) {
    if (a.fate == Fate::kPresent) live.push_back(&rn);
  }
  if (live.empty()) return createAe(wire);
  std::string rn = pickKey(live, rng_);
  WireReply reply = wire.remove("C" + rn, "/cse-in/" + rn);
  Outcome outcome = record(WriteType::kAeDelete, reply, kDeleted);
  ledger_.extra_aes[rn] = {outcome == Outcome::kAcknowledged ? Fate::kAbsent : Fate::kMaybe, true};
  wire.forget("C" + rn);
  return outcome != Outcome::kUnanswered;
}

bool Writer::createSharedInstance(Wire& wire) {
  bool full = false;
  {
    std::lock_guard lock(shared_.mutex);
    full = shared_.live.size() >= SharedContainer::kMaxLive;
  }
  if (full) return deleteSharedInstance(wire);
  std::string rn = newName("i");
  std::string con = rn + ":" + std::string(std::uniform_int_distribution<size_t>(0, 64)(rng_), 'y');
  WireReply reply =
      wire.create(kAdmin, shared_.path(), 4, {{"m2m:cin", {{"rn", rn}, {"con", con}}}});
  Outcome outcome = record(WriteType::kInstanceCreate, reply, kCreated);
  std::lock_guard lock(shared_.mutex);
  ContainerRecord& c = shared_.record;
  c.dirty = true;
  c.instances[rn] = {con, outcome == Outcome::kAcknowledged ? Fate::kPresent : Fate::kMaybe};
  if (outcome == Outcome::kAcknowledged) {
    ++c.acknowledged_instances;
    shared_.live.push_back(rn);
  }
  return outcome != Outcome::kUnanswered;
}

bool Writer::deleteSharedInstance(Wire& wire) {
  std::string rn;
  {
    std::lock_guard lock(shared_.mutex);
    if (shared_.live.empty()) {
      rn.clear();
    } else {
      // Out of `live` and maybe while the request is out: no other writer picks it too.
      size_t index = std::uniform_int_distribution<size_t>(0, shared_.live.size() - 1)(rng_);
      rn = std::move(shared_.live[index]);
      shared_.live[index] = std::move(shared_.live.back());
      shared_.live.pop_back();
      shared_.record.instances[rn].fate = Fate::kMaybe;
    }
  }
  if (rn.empty()) return createSharedInstance(wire);
  WireReply reply = wire.remove(kAdmin, shared_.path() + "/" + rn);
  Outcome outcome = record(WriteType::kInstanceDelete, reply, kDeleted);
  std::lock_guard lock(shared_.mutex);
  shared_.record.dirty = true;
  if (outcome == Outcome::kAcknowledged) shared_.record.instances[rn].fate = Fate::kAbsent;
  return outcome != Outcome::kUnanswered;
}

}  // namespace citadel::crash_test
