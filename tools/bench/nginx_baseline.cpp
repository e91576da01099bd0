#include "tools/bench/nginx_baseline.h"

#include <utility>

#include "tools/bench/request_writer.h"
#include "tools/bench/scenarios.h"

namespace citadel::tools {

NginxBaseline::NginxBaseline(const Endpoint& endpoint, std::string path, uint32_t connections,
                             std::chrono::milliseconds io_timeout)
    : endpoint_(endpoint),
      path_(std::move(path)),
      connections_(connections),
      io_timeout_(io_timeout) {}

void NginxBaseline::run(double seconds) {
  const RequestWriter writer(endpoint_.host_header);
  ScenarioOptions options;
  options.static_path = path_;
  const std::unique_ptr<Scenario> scenario = makeScenario("static", options, writer);
  LoadRunner runner(endpoint_, *scenario, connections_, io_timeout_);
  RunLimits limits;
  limits.warmup = std::chrono::duration<double>(0);
  limits.duration = std::chrono::duration<double>(seconds);
  total_.add(runner.run(limits));
}

double ratioToBaseline(double rps, double baseline_rps) {
  return baseline_rps > 0 ? rps / baseline_rps : 0;
}

}  // namespace citadel::tools
