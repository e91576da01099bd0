#include "cse/engine/upper_tester.h"

#include <algorithm>
#include <charconv>

#include "cse/engine/internal_request.h"
#include "cse/model/duration.h"
#include "cse/model/log.h"

namespace citadel::engine {

using model::Result;
using model::Status;

namespace {

std::pair<std::string, std::string> splitCommand(std::string_view command) {
  size_t space = command.find(' ');
  std::string name(command.substr(0, space));
  std::string argument;
  if (space != std::string_view::npos) {
    argument = std::string(command.substr(space + 1));
    while (!argument.empty() && argument.front() == ' ') argument.erase(0, 1);
    while (!argument.empty() && argument.back() == ' ') argument.pop_back();
  }
  return {name, argument};
}

// A positive number of seconds, fractions allowed ("3", "3.0", "0.5"), as milliseconds.
Result<std::chrono::milliseconds> seconds(const std::string& text) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  constexpr double kMaxSeconds = 315360000;  // ten years: far beyond any test's need
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !(value > 0) ||
      value > kMaxSeconds) {
    return Status::badRequest(
        "expected a positive number of seconds (e.g. 5 or 2.5), got '" + text + "'",
        "ut.bad_argument");
  }
  auto ms = static_cast<int64_t>(value * 1000 + 0.5);
  return std::chrono::milliseconds(std::max<int64_t>(ms, 1));
}

}  // namespace

Result<std::string> UpperTester::execute(std::string_view command) {
  auto [name, argument] = splitCommand(command);
  if (name == "Status") {
    return std::string("RUNNING");
  }
  if (name == "Reset") {
    return reset();
  }
  if (name == "GetConfig") {
    return getConfig(argument);
  }
  // Short resource expiration: the expiry check runs every <s> seconds, so that resources
  // given a short et by the tester go away on time; the default et is unchanged (issue 24 #25).
  if (name == "enableShortResourceExpiration") {
    CITADEL_ASSIGN_OR_RETURN(std::chrono::milliseconds interval, seconds(argument));
    return setExpiryInterval(interval);
  }
  if (name == "disableShortResourceExpiration") {
    return setExpiryInterval(std::chrono::milliseconds(config_.expiry_interval_ms));
  }
  if (name == "enableShortRequestExpiration") {
    CITADEL_ASSIGN_OR_RETURN(std::chrono::milliseconds limit, seconds(argument));
    return setRequestExpiration(limit);
  }
  if (name == "disableShortRequestExpiration") {
    return setRequestExpiration(std::chrono::milliseconds(0));
  }
  if (name == "testCaseStart" || name == "testCaseEnd") {
    LOG_INFO("upper tester: " << model::logSafe(name) << " " << model::logSafe(argument));
    return std::string("ok");
  }
  return Status::badRequest("unknown upper-tester command '" + name + "'", "ut.unknown_command");
}

Result<std::string> UpperTester::reset() {
  std::lock_guard lock(reset_mutex_);
  std::vector<std::string> children;
  CITADEL_RETURN_IF_ERROR(repository_.appendChildIds(identity_.cseBaseRi(), &children));
  for (const auto& ri : children) {
    model::Response response =
        handler_.handle(internalDelete(ri, identity_.cse_id, "ut-reset-" + ri));
    if (response.status_code != model::Rsc::kDeleted &&
        response.status_code != model::Rsc::kNotFound) {
      return Status::internal("reset could not delete " + ri, "ut.reset_failed");
    }
  }
  setExpiryInterval(std::chrono::milliseconds(config_.expiry_interval_ms));
  setRequestExpiration(std::chrono::milliseconds(0));
  CITADEL_ASSIGN_OR_RETURN(resources::Resource before, repository_.load(identity_.cseBaseRi()));
  CITADEL_RETURN_IF_ERROR(recreate_base_());
  return renewCseBase(before);
}

Result<std::string> UpperTester::renewCseBase(const resources::Resource& before) {
  // A reset CSE is a new CSEBase: its ct (and lt) is strictly newer than the one before, even
  // within the same microsecond (issue 24 #27).
  CITADEL_ASSIGN_OR_RETURN(resources::Resource base, repository_.load(identity_.cseBaseRi()));
  model::TimePoint now = clock_.now();
  auto old_ct = model::parseTimestamp(before.attributes.value("ct", ""));
  if (old_ct && now <= *old_ct) {
    now = *old_ct + std::chrono::microseconds(1);
  }
  std::string timestamp = model::formatPreciseTimestamp(now);
  base.attributes["ct"] = timestamp;
  base.attributes["lt"] = timestamp;
  storage::WriteBatch batch;
  resources::ResourceRepository::stagePut(batch, base);
  CITADEL_RETURN_IF_ERROR(repository_.commit(batch));
  return std::string("ok");
}

std::string UpperTester::setExpiryInterval(std::chrono::milliseconds interval) {
  std::chrono::milliseconds previous = reaper_.setInterval(interval);
  return model::formatSeconds(previous) + "," + std::to_string(config_.expiration_max_s);
}

std::string UpperTester::setRequestExpiration(std::chrono::milliseconds limit) {
  int64_t previous = primitive_checks_.short_request_expiration_ms.exchange(limit.count());
  return model::formatSeconds(std::chrono::milliseconds(previous));
}

Result<std::string> UpperTester::getConfig(const std::string& key) const {
  // The keys answer the values this process runs with; unknown keys name the known ones.
  if (key == "cse.id") return "/" + config_.cse_id;
  if (key == "cse.name") return config_.cse_name;
  if (key == "cse.spid") return config_.sp_id;
  if (key == "cse.type") return config_.cse_type;
  if (key == "cse.admin") return config_.admin;
  if (key == "http.address") return config_.http_address;
  if (key == "http.port") {
    return std::to_string(http_port_.load() != 0 ? http_port_.load() : config_.http_port);
  }
  if (key == "expiration.default") return std::to_string(config_.expiration_default_s);
  if (key == "expiration.max") return std::to_string(config_.expiration_max_s);
  if (key == "limits.maxRequestBytes") return std::to_string(config_.max_request_bytes);
  return Status::badRequest("GetConfig: unknown key '" + key + "' (cse.id, cse.name, cse.spid, "
                            "cse.type, cse.admin, http.address, http.port, expiration.default, "
                            "expiration.max, limits.maxRequestBytes)", "ut.unknown_key");
}

}  // namespace citadel::engine
