#pragma once
// Writer: one client thread of the crash test. It performs random writes (AE registration,
// container create/update/delete, contentInstance create/delete, subscription create/delete)
// on its own AE over one binding and records each outcome in its WriterLedger. It stops at the
// first unanswered request (the CSE is most likely dead) or when asked to.

#include <atomic>
#include <cstdint>
#include <random>
#include <string>

#include "tools/crash_test/ledger.h"
#include "tools/crash_test/wire.h"

namespace citadel::crash_test {

class Writer {
 public:
  // `tag` prefixes every name this writer creates ("h0"); `seed` makes its choices repeatable.
  // `shared` (which must outlive the writer) is written by every writer.
  Writer(std::string tag, std::string binding, uint64_t seed, SharedContainer& shared);

  // Registers the writer's own AE over `wire`. False, with the answer in *error, unless 2001.
  bool registerAe(Wire& wire, std::string* error);
  // Writes over `wire` until `stop` is set or a request goes unanswered. Call from one thread.
  void run(Wire& wire, const std::atomic<bool>& stop);

  WriterLedger& ledger() { return ledger_; }
  const std::string& binding() const { return ledger_.binding; }

 private:
  enum class Outcome { kAcknowledged, kUnanswered, kRejected };
  // Records the outcome of one write of `type`; `expected` is the success rsc.
  Outcome record(WriteType type, const WireReply& reply, int expected);
  std::string newName(const char* kind);
  std::string aePath() const { return "/cse-in/" + ledger_.ae_name; }
  // A container the writer may still write to, "" when there is none.
  std::string pickContainer(bool for_update);

  // One write each; false when it went unanswered.
  bool createContainer(Wire& wire);
  bool updateContainer(Wire& wire);
  bool deleteContainer(Wire& wire);
  bool createInstance(Wire& wire);
  bool deleteInstance(Wire& wire);
  bool createSubscription(Wire& wire);
  bool deleteSubscription(Wire& wire);
  bool createAe(Wire& wire);
  bool deleteAe(Wire& wire);
  bool createSharedInstance(Wire& wire);
  bool deleteSharedInstance(Wire& wire);

  WriterLedger ledger_;
  SharedContainer& shared_;
  std::mt19937_64 rng_;
};

}  // namespace citadel::crash_test
