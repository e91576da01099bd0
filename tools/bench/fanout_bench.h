#pragma once

#include <string>

#include "tools/bench/bench_options.h"
#include "tools/bench/http_connection.h"

namespace citadel::tools {

// The `fanout` scenario, which is not a closed loop and so does not go through LoadRunner:
//  1. starts a NotificationReceiver on 127.0.0.1:<ephemeral>;
//  2. registers AE "bench<tag>" (rr=true, poa = the receiver) and container "data";
//  3. creates --subscriptions subscriptions s<i> on the container, each notifying
//     http://127.0.0.1:<receiver>/n<i> on net=3 (so each one is a distinct delivery target and
//     each creation costs one verification request that the receiver answers 2000);
//  4. per round (one untimed warm-up round first when --warmup > 0): CREATEs one cin whose con
//     names the round, then waits (at most --round-timeout) until every subscription's
//     notification for that round has arrived. The round's time runs from sending the CREATE to
//     the arrival of the last notification; what has not arrived by the deadline is missing.
// Prints one summary line on stdout and returns the exit status (0, or 2 when setup fails).
int runFanoutBench(const BenchOptions& options, const Endpoint& endpoint,
                   const std::string& run_tag);

}  // namespace citadel::tools
