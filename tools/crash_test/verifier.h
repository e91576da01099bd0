#pragma once
// Verifier: after a restart, reads the CSE back over HTTP as the administrator and checks it
// against the writers' ledgers. A violation is one sentence naming the resource and what is
// wrong; none means every acknowledged write is there and nothing is half there:
//  * an acknowledged create is present with its content (con, lbl), unless deleted with an
//    acknowledgement; an acknowledged delete has not come back; an acknowledged lbl update is
//    visible (or a later unanswered one);
//  * a container's cni and cbs equal the count and size of the instances present, its st is at
//    least the acknowledged instance creates, at least every instance's st and never lower than
//    before; la and ol are the newest and oldest instance; no instance is present that no
//    writer sent (a phantom); each present instance holds the whole con it was sent with;
//  * the indexes agree with the resources: discovery by label finds a container by the label it
//    holds, not by one an acknowledged update replaced, and never once it is gone; an instance
//    whose write went unanswered is retrievable by its path exactly when it is listed.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "tools/crash_test/ledger.h"

namespace citadel::crash_test {

struct VerifyScope {
  bool everything = false;  // every resource, not only the dirty ones and a sample
  int sample = 200;         // clean resources re-read per writer besides the dirty ones
};

class Verifier {
 public:
  // Create one per verification round: it bounds the re-reads of one round.
  explicit Verifier(uint16_t http_port);
  // Checks `ledger` and appends violations (prefixed with `cycle`) to *violations. Clears the
  // dirty flags and remembers each container's st for the next round. Returns the number of
  // resources read (contentInstances included).
  int64_t verify(WriterLedger& ledger, const VerifyScope& scope, std::mt19937_64& rng, int cycle,
                 std::vector<std::string>* violations);
  // The same checks for the container every writer shares (read whole each time: it is one).
  int64_t verifyShared(SharedContainer& shared, int cycle, std::vector<std::string>* violations);

 private:
  uint16_t port_;
  int rereads_left_;  // re-reads of inconsistent containers this Verifier may still do
};

}  // namespace citadel::crash_test
