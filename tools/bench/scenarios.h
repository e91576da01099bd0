#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tools/bench/http_connection.h"
#include "tools/bench/request_writer.h"

namespace citadel::tools {

struct ScenarioOptions {
  std::string cse_name = "cse-in";          // CSEBase resourceName: paths are /<cse_name>/...
  std::string static_path = "/index.html";  // what the `static` and `path` scenarios fetch
  std::string originator = "CAdmin";         // who the `path` scenario asks as
  // Random hex unique to this run: keeps AE-IDs and names of repeated runs against the same CSE
  // apart, so a second run never hits 4105 (conflict) on the first run's resources.
  std::string run_tag;
  // Limits of the setup container "data" (issue 25: real deployments set them); unset: none.
  std::optional<uint64_t> max_instances;  // mni
  std::optional<uint64_t> max_bytes;      // mbs
  // AEs of the fixture, each with its own container "data" (only `cin` writes into more than the
  // first). Worker w uses AE w mod aes; prefill request i goes to AE i mod aes.
  uint32_t aes = 1;
};

// One load pattern: what to create before timing, and which request to send each time.
//
// Lifecycle: setUp() once on a single connection, then appendPrefillRequest() and
// appendRequest() from many worker threads at once; those two are const and must stay free of
// shared mutable state. (worker, sequence) is unique for every request of a run, which is what
// makes request IDs and resource names unique without coordination.
class Scenario {
 public:
  virtual ~Scenario() = default;

  // Creates the resources the timed requests need. Returns false with `error` set when the
  // server answers anything unexpected; the run is then aborted before timing starts.
  virtual bool setUp(HttpConnection& connection, std::string& error) { return true; }
  // Appends the request number `sequence` of worker `worker` to `out`.
  virtual void appendRequest(uint32_t worker, uint64_t sequence, std::string& out) const = 0;

  // Prefill creates contentInstances in the setup container before timing. Scenarios without
  // such a container answer false and are never asked for prefill requests. `index` numbers the
  // prefill requests of the run 0..N-1 across all workers (each exactly once, in no particular
  // order), for scenarios that make every k-th instance different.
  virtual bool supportsPrefill() const { return false; }
  virtual void appendPrefillRequest(uint32_t worker, uint64_t sequence, uint64_t index,
                                    std::string& out) const {}
  // Prefill used when --prefill is not given (the `la` scenario needs something to read).
  virtual uint64_t defaultPrefill() const { return 0; }
  // Called once after a successful prefill of `prefill` requests, before timing, on a single
  // connection: a scenario can check that the server's answer is the one it means to time.
  virtual bool verifyPrefill(HttpConnection& connection, uint64_t prefill,
                             std::string& error) const {
    return true;
  }
};

// Builds the scenario called `name` (see kScenarioNames). Returns nullptr for an unknown name.
std::unique_ptr<Scenario> makeScenario(std::string_view name, const ScenarioOptions& options,
                                       const RequestWriter& writer);

inline constexpr std::string_view kScenarioNames =
    "ae, cnt, cin, la, get, static, path, discover, fanout";

// Label of every 1000th prefilled instance in `discover`, and what the timed request asks for.
inline constexpr uint64_t kDiscoverHitEvery = 1000;

}  // namespace citadel::tools
