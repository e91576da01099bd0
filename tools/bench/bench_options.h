#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace citadel::tools {

// Every run is bounded: --duration is capped here whatever the command line says.
inline constexpr double kMaxDurationSeconds = 300;

// The command line of citadel_bench (see benchUsage()).
struct BenchOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  uint32_t connections = 16;
  double duration_seconds = 10;
  uint64_t max_requests = 0;  // 0: no limit besides the duration
  std::string scenario;       // required
  std::string cse_name = "cse-in";
  std::string originator = "CAdmin";  // --originator: who the `path` scenario asks as
  std::string path = "/index.html";
  std::optional<uint64_t> prefill;  // unset: the scenario's default
  double warmup_seconds = 1;
  double timeout_seconds = 5;  // per socket read/write/connect
  // `fanout` only: subscriptions on the container, timed rounds (one CREATE each), and how long
  // one round may wait for its notifications before the rest count as missing.
  uint32_t subscriptions = 1000;
  uint32_t rounds = 5;
  double round_timeout_seconds = 30;
  // Slow-loris connections held open during the run (one header byte a second each): the load
  // is then the probe whose latency they must not spoil (issue 15 #11).
  uint32_t slow_connections = 0;
  // Open loop: this many requests a second in all, spread evenly over the connections, each
  // timed from when it was due (so a late server is charged for the wait). 0: closed loop.
  double rate = 0;
  // mni / mbs of the setup container (cin, la, get, cnt…); 0: unset (no limit).
  uint64_t max_instances = 0;
  uint64_t max_bytes = 0;
  // `cin` only: this many AEs, each with its own container; connection i writes into container
  // i mod aes as that AE's originator (issue 25: "16 AEs each into its own container"). 1: the
  // usual single AE.
  uint32_t aes = 1;
  // Prefill: requests pipelined on each connection per round trip (HTTP/1.1 pipelining).
  uint32_t prefill_pipeline = 16;
  // nginx baseline (issue 25 #5): when nginx_port is set, `static` GETs of nginx_path on
  // nginx_host:nginx_port run for the same duration and connections, half just before and half
  // just after the timed run, and the summary adds nginx_rps and ratio = rps / nginx_rps.
  uint16_t nginx_port = 0;  // 0: no baseline
  std::string nginx_host;   // empty: --host
  std::string nginx_path = "/index.json";
  // PID of the CSE: when set, its VmRSS (/proc/PID/status) is read before set-up, after the
  // prefill and after the run, and reported as rss_rest_mib, rss_prefill_mib, rss_end_mib.
  int64_t cse_pid = 0;  // 0: not known
  bool help = false;
};

// Parses `--key=value` arguments into `options`. Returns false with `error` set on an unknown
// flag or an invalid value. Adjustments the caller should report (e.g. a duration above the cap)
// are appended to `warnings`.
bool parseBenchOptions(int argc, char** argv, BenchOptions& options,
                       std::vector<std::string>& warnings, std::string& error);

// The --help text.
std::string benchUsage();

}  // namespace citadel::tools
