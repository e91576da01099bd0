#include "tests/support/das_process.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string_view>

namespace citadel::testing {
namespace {

constexpr std::chrono::seconds kStartTimeout{10};
constexpr std::string_view kReadyPrefix = "DAS HTTP listening on ";
constexpr std::string_view kCoapPrefix = "DAS CoAP listening on ";

bool hasOption(const std::vector<std::string>& args, std::string_view name) {
  return std::any_of(args.begin(), args.end(),
                     [&](const std::string& a) { return a.starts_with(name); });
}

uint16_t portAfterColon(const std::string& line) {
  size_t colon = line.rfind(':');
  if (colon == std::string::npos) return 0;
  try {
    return static_cast<uint16_t>(std::stoi(line.substr(colon + 1)));
  } catch (...) {
    return 0;
  }
}

}  // namespace

std::string DasProcess::binary() {
#ifdef CITADEL_DAS_BINARY
  return CITADEL_DAS_BINARY;
#else
  return "";
#endif
}

std::string DasProcess::tokenBinary() {
#ifdef CITADEL_TOKEN_BINARY
  return CITADEL_TOKEN_BINARY;
#else
  return "";
#endif
}

DasProcess::DasProcess(std::vector<std::string> args) : args_(std::move(args)) { start(); }

DasProcess::~DasProcess() { stop(); }

bool DasProcess::start() {
  if (process_.pid() > 0) {
    ADD_FAILURE() << "DasProcess::start: already running (pid " << process_.pid() << ")";
    return false;
  }
  if (binary().empty()) {
    ADD_FAILURE() << "citadel-das is not built (tools/CMakeLists.txt)";
    return false;
  }
  http_port_ = 0;
  coap_port_ = 0;
  std::vector<std::string> args = {binary()};
  if (!hasOption(args_, "--http.port=")) args.push_back("--http.port=0");
  if (!hasOption(args_, "--log.level=")) args.push_back("--log.level=warning");
  args.insert(args.end(), args_.begin(), args_.end());
  if (!process_.start(args)) return false;
  return readReadyLine();
}

// Reads stdout line by line until the ready line (the CoAP line, when there is one, comes
// first), bounded by kStartTimeout.
bool DasProcess::readReadyLine() {
  bool ready = process_.readLinesUntil(
      [&](const std::string& line) {
        if (line.starts_with(kCoapPrefix)) {
          coap_port_ = portAfterColon(line);
          return false;
        }
        if (!line.starts_with(kReadyPrefix)) return false;
        http_port_ = portAfterColon(line);
        return true;
      },
      kStartTimeout);
  return ready && http_port_ != 0;
}

bool DasProcess::running() { return process_.running(); }

void DasProcess::stop(std::chrono::milliseconds grace) { process_.stop(grace); }

void DasProcess::kill9() { process_.kill9(); }

}  // namespace citadel::testing
