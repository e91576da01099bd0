#include "cse/engine/upper_tester.h"

#include <charconv>
#include <sstream>

#include "cse/engine/internal_request.h"
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

Result<int64_t> seconds(const std::string& text) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) {
    return Status::badRequest("expected a positive number of seconds, got '" + text + "'",
                              "ut.bad_argument");
  }
  return value;
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
  if (name == "enableShortResourceExpiration") {
    CITADEL_ASSIGN_OR_RETURN(int64_t s, seconds(argument));
    dispatcher_.setShortExpirationSeconds(s);
    return std::string("ok");
  }
  if (name == "disableShortResourceExpiration") {
    dispatcher_.setShortExpirationSeconds(0);
    return std::string("ok");
  }
  if (name == "enableShortRequestExpiration") {
    CITADEL_ASSIGN_OR_RETURN(int64_t s, seconds(argument));
    short_request_s_.store(s);
    primitive_checks_.short_request_expiration_s.store(s);
    return std::string("ok");
  }
  if (name == "disableShortRequestExpiration") {
    short_request_s_.store(0);
    primitive_checks_.short_request_expiration_s.store(0);
    return std::string("ok");
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
  dispatcher_.setShortExpirationSeconds(0);
  short_request_s_.store(0);
  primitive_checks_.short_request_expiration_s.store(0);
  CITADEL_RETURN_IF_ERROR(recreate_base_());
  return std::string("ok");
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
