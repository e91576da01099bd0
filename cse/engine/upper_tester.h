#pragma once
// The upper-tester commands (TS-0019 style) that conformance tools send to a CSE under test:
// Status, Reset, GetConfig <key>, enable/disableShortResourceExpiration, enable/
// disableShortRequestExpiration, testCaseStart/End. Reset deletes every resource through
// internal DELETE primitives, so the pipeline and notifications apply as usual. README.md
// ("Upper tester") lists each command and its X-M2M-UTRSP answer.

#include <atomic>
#include <functional>
#include <mutex>

#include "cse/engine/config.h"
#include "cse/engine/expiry_reaper.h"
#include "cse/engine/request_processor.h"
#include "cse/model/clock.h"
#include "cse/model/ports.h"
#include "security/primitive_check_stage.h"

namespace citadel::engine {

class UpperTester final : public model::UpperTesterHandler {
 public:
  // `recreate_base` re-runs the start-up bootstrap (CSEBase and its default ACP).
  // `primitive_checks` are the pipeline's run-time settings (short request expiration);
  // `reaper`'s scan interval is what short resource expiration shortens.
  UpperTester(const Config& config, const model::Clock& clock, ExpiryReaper& reaper,
              RequestProcessor& handler, security::PrimitiveCheckSettings& primitive_checks,
              resources::ResourceRepository& repository, const resources::CseIdentity& identity,
              std::function<model::Status()> recreate_base)
      : config_(config),
        clock_(clock),
        reaper_(reaper),
        handler_(handler),
        primitive_checks_(primitive_checks),
        repository_(repository),
        identity_(identity),
        recreate_base_(std::move(recreate_base)) {}

  model::Result<std::string> execute(std::string_view command) override;
  // The HTTP port actually bound (http.port=0 picks one), for GetConfig http.port.
  void setHttpPort(uint16_t port) { http_port_.store(port); }

 private:
  model::Result<std::string> reset();
  // After Reset: the CSEBase's ct and lt become now, strictly after `before`'s ct.
  model::Result<std::string> renewCseBase(const resources::Resource& before);
  // enableShortResourceExpiration / disable: "<previous check interval>,<expiration.max>" (s).
  std::string setExpiryInterval(std::chrono::milliseconds interval);
  // enableShortRequestExpiration / disable: the previous limit in seconds ("0": none).
  std::string setRequestExpiration(std::chrono::milliseconds limit);
  model::Result<std::string> getConfig(const std::string& key) const;

  const Config& config_;
  const model::Clock& clock_;
  ExpiryReaper& reaper_;
  RequestProcessor& handler_;
  security::PrimitiveCheckSettings& primitive_checks_;
  resources::ResourceRepository& repository_;
  const resources::CseIdentity& identity_;
  std::function<model::Status()> recreate_base_;
  std::mutex reset_mutex_;
  std::atomic<uint16_t> http_port_{0};
  std::string current_test_case_;
};

}  // namespace citadel::engine
