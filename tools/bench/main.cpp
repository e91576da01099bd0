// citadel_bench: a closed-loop HTTP load generator for Citadel (and nginx as the ceiling).
// Wiring only: options -> scenario set-up -> prefill -> timed run -> one summary line.
// See tools/bench/README.md.
#include <chrono>
#include <csignal>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tools/bench/bench_options.h"
#include "tools/bench/fanout_bench.h"
#include "tools/bench/http_connection.h"
#include "tools/bench/load_runner.h"
#include "tools/bench/nginx_baseline.h"
#include "tools/bench/process_rss.h"
#include "tools/bench/request_writer.h"
#include "tools/bench/scenarios.h"
#include "tools/bench/slow_connections.h"

namespace citadel::tools {
namespace {

constexpr int kExitSetupFailure = 2;

std::string randomHexTag() {
  std::random_device device;
  std::ostringstream out;
  out << std::hex << std::setw(8) << std::setfill('0') << static_cast<uint32_t>(device());
  return out.str();
}

// Everything a script needs on one line of key=value pairs; the first keys are stable, new
// keys are only ever appended.
// What the run measured besides the timed window itself.
struct RunExtras {
  double prefill_seconds = 0;
  const RunResult* nginx = nullptr;  // the baseline, when --nginx-port was given
  // VmRSS of --cse-pid in KiB at rest (before set-up), after the prefill, after the run.
  std::optional<uint64_t> rss_rest_kib;
  std::optional<uint64_t> rss_prefill_kib;
  std::optional<uint64_t> rss_end_kib;
};

std::string mibText(const std::optional<uint64_t>& kib) {
  if (!kib) return "n/a";
  std::ostringstream text;
  text << std::fixed << std::setprecision(1) << static_cast<double>(*kib) / 1024.0;
  return text.str();
}

std::string summaryLine(const BenchOptions& options, uint64_t prefill, const RunResult& result,
                        const RunExtras& extras) {
  const double rps = result.requestsPerSecond();
  auto ms = [](double micros) { return micros / 1000.0; };
  std::ostringstream line;
  line << std::fixed << "scenario=" << options.scenario << " connections=" << options.connections
       << std::setprecision(2) << " duration_s=" << result.elapsed_seconds
       << " requests=" << result.requests << " errors=" << result.errors << std::setprecision(1)
       << " rps=" << rps << std::setprecision(3)
       << " p50_ms=" << ms(result.latency.quantileMicros(0.50))
       << " p99_ms=" << ms(result.latency.quantileMicros(0.99))
       << " p90_ms=" << ms(result.latency.quantileMicros(0.90))
       << " p999_ms=" << ms(result.latency.quantileMicros(0.999))
       << " max_ms=" << ms(static_cast<double>(result.latency.maxMicros()))
       << " mean_ms=" << ms(result.latency.meanMicros()) << " prefill=" << prefill
       << " starved=" << result.starved_connections;
  if (options.rate > 0) line << std::setprecision(1) << " rate=" << options.rate;
  if (options.max_instances > 0) line << " mni=" << options.max_instances;
  if (options.max_bytes > 0) line << " mbs=" << options.max_bytes;
  if (options.aes > 1) line << " aes=" << options.aes;
  if (prefill > 0) line << std::setprecision(2) << " prefill_s=" << extras.prefill_seconds;
  if (extras.nginx != nullptr) {
    const double nginx_rps = extras.nginx->requestsPerSecond();
    line << std::setprecision(1) << " nginx_rps=" << nginx_rps << std::setprecision(3)
         << " nginx_p50_ms=" << ms(extras.nginx->latency.quantileMicros(0.50))
         << " nginx_p99_ms=" << ms(extras.nginx->latency.quantileMicros(0.99))
         << " nginx_errors=" << extras.nginx->errors
         << " ratio=" << ratioToBaseline(rps, nginx_rps);
  }
  if (options.cse_pid > 0) {
    line << " rss_rest_mib=" << mibText(extras.rss_rest_kib)
         << " rss_prefill_mib=" << mibText(extras.rss_prefill_kib)
         << " rss_end_mib=" << mibText(extras.rss_end_kib);
  }
  return line.str();
}

int runBench(const BenchOptions& options) {
  Endpoint endpoint;
  std::string error;
  if (!resolveEndpoint(options.host, options.port, endpoint, error)) {
    std::cerr << "citadel_bench: " << error << "\n";
    return kExitSetupFailure;
  }
  ScenarioOptions scenario_options;
  scenario_options.cse_name = options.cse_name;
  scenario_options.static_path = options.path;
  scenario_options.originator = options.originator;
  scenario_options.run_tag = randomHexTag();
  scenario_options.aes = options.aes;
  std::optional<NginxBaseline> nginx;
  if (options.nginx_port > 0) {
    Endpoint nginx_endpoint;
    if (!resolveEndpoint(options.nginx_host, options.nginx_port, nginx_endpoint, error)) {
      std::cerr << "citadel_bench: nginx: " << error << "\n";
      return kExitSetupFailure;
    }
    nginx.emplace(nginx_endpoint, options.nginx_path, options.connections,
                  std::chrono::milliseconds(static_cast<int64_t>(options.timeout_seconds * 1000)));
  }
  if (options.max_instances > 0) scenario_options.max_instances = options.max_instances;
  if (options.max_bytes > 0) scenario_options.max_bytes = options.max_bytes;
  if (options.scenario == "fanout") {
    // Not a closed loop: its own driver and its own summary line (fanout_bench.h).
    if (options.prefill.value_or(0) > 0) {
      std::cerr << "citadel_bench: scenario 'fanout' takes no --prefill\n";
      return kExitSetupFailure;
    }
    return runFanoutBench(options, endpoint, scenario_options.run_tag);
  }
  const RequestWriter writer(endpoint.host_header);
  std::unique_ptr<Scenario> scenario = makeScenario(options.scenario, scenario_options, writer);
  if (!scenario) {
    std::cerr << "citadel_bench: unknown scenario '" << options.scenario
              << "' (known: " << kScenarioNames << ")\n";
    return kExitSetupFailure;
  }
  const uint64_t prefill = options.prefill.value_or(scenario->defaultPrefill());
  if (prefill > 0 && !scenario->supportsPrefill()) {
    std::cerr << "citadel_bench: scenario '" << options.scenario << "' takes no --prefill\n";
    return kExitSetupFailure;
  }
  std::cerr << "# citadel_bench scenario=" << options.scenario << " target=" << endpoint.host_header
            << " connections=" << options.connections << " duration_s=" << options.duration_seconds
            << " warmup_s=" << options.warmup_seconds << " max_requests=" << options.max_requests
            << " prefill=" << prefill << " run_tag=" << scenario_options.run_tag << "\n";

  const auto io_timeout =
      std::chrono::milliseconds(static_cast<int64_t>(options.timeout_seconds * 1000.0));
  // Opened first, so that every connection of the run (set-up, prefill, load) arrives after them,
  // as a new client would.
  std::unique_ptr<SlowConnections> slow;
  if (options.slow_connections > 0) {
    slow = std::make_unique<SlowConnections>(options.port,
                                             static_cast<int>(options.slow_connections),
                                             std::chrono::seconds(1), options.host);
    std::cerr << "# slow connections: " << slow->opened() << " of " << options.slow_connections
              << " opened\n";
  }
  RunExtras extras;
  if (options.cse_pid > 0) {
    extras.rss_rest_kib = readVmRssKib(options.cse_pid);
  }
  {
    // Also proves the server is reachable, so "connection refused" is a set-up failure (exit 2)
    // rather than a run full of errors.
    HttpConnection connection(endpoint, io_timeout);
    if (!connection.open(error) || !scenario->setUp(connection, error)) {
      std::cerr << "citadel_bench: setup failed against " << endpoint.host_header << ": " << error
                << "\n";
      return kExitSetupFailure;
    }
  }

  LoadRunner runner(endpoint, *scenario, options.connections, io_timeout);
  if (prefill > 0) {
    const RunResult filled = runner.prefill(prefill, options.prefill_pipeline);
    extras.prefill_seconds = filled.elapsed_seconds;
    if (filled.errors > 0) {
      std::cerr << "citadel_bench: prefill failed after " << filled.requests << " of " << prefill
                << " requests: " << filled.first_error << "\n";
      return kExitSetupFailure;
    }
    std::cerr << "# prefill: " << filled.requests << " requests in " << std::fixed
              << std::setprecision(2) << filled.elapsed_seconds << " s\n";
    HttpConnection connection(endpoint, io_timeout);
    if (!scenario->verifyPrefill(connection, prefill, error)) {
      std::cerr << "citadel_bench: " << error << "\n";
      return kExitSetupFailure;
    }
  }

  if (options.cse_pid > 0) {
    extras.rss_prefill_kib = readVmRssKib(options.cse_pid);
  }

  // The baseline brackets the timed window, half before and half after, so a drift of the
  // machine during the run moves both figures alike. The CSE's connections are closed meanwhile
  // (its idle timeout must not turn them into errors; the descriptors are not held twice).
  const double nginx_half = options.duration_seconds / 2;
  if (nginx) {
    runner.closeConnections();
    nginx->run(nginx_half);
  }
  RunLimits limits;
  limits.warmup = std::chrono::duration<double>(options.warmup_seconds);
  limits.duration = std::chrono::duration<double>(options.duration_seconds);
  limits.max_requests = options.max_requests;
  limits.rate = options.rate;
  const RunResult result = runner.run(limits);
  if (nginx) {
    runner.closeConnections();
    nginx->run(nginx_half);
    extras.nginx = &nginx->total();
    if (nginx->total().errors > 0) {
      std::cerr << "# nginx first error: " << nginx->total().first_error << "\n";
    }
  }
  if (options.cse_pid > 0) {
    extras.rss_end_kib = readVmRssKib(options.cse_pid);
  }
  std::string line = summaryLine(options, prefill, result, extras);
  if (slow) {
    line += " slow=" + std::to_string(slow->opened()) +
            " slow_closed=" + std::to_string(slow->closedByPeer());
  }
  std::cout << line << std::endl;
  if (result.errors > 0) {
    std::cerr << "# first error: " << result.first_error << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace citadel::tools

int main(int argc, char** argv) {
  using citadel::tools::BenchOptions;
  // Belt and braces next to MSG_NOSIGNAL: a server closing mid-write must never kill the bench.
  std::signal(SIGPIPE, SIG_IGN);
  BenchOptions options;
  std::vector<std::string> warnings;
  std::string error;
  if (!citadel::tools::parseBenchOptions(argc, argv, options, warnings, error)) {
    std::cerr << "citadel_bench: " << error << "\n\n" << citadel::tools::benchUsage();
    return citadel::tools::kExitSetupFailure;
  }
  if (options.help) {
    std::cout << citadel::tools::benchUsage();
    return 0;
  }
  for (const std::string& warning : warnings) {
    std::cerr << "citadel_bench: warning: " << warning << "\n";
  }
  return citadel::tools::runBench(options);
}
