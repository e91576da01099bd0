#include "tests/support/mef_process.h"

#include <gtest/gtest.h>

#include <charconv>
#include <string_view>

namespace citadel::testing {
namespace {

constexpr std::string_view kReadyPrefix = "MEF listening on ";

}  // namespace

std::string MefProcess::binary() {
#ifdef CITADEL_MEF_BINARY
  return CITADEL_MEF_BINARY;
#else
  return "";
#endif
}

std::string MefProcess::clientBinary() {
#ifdef CITADEL_MEF_CLIENT_BINARY
  return CITADEL_MEF_CLIENT_BINARY;
#else
  return "";
#endif
}

MefProcess::MefProcess(std::vector<std::string> args, std::string stderr_path)
    : args_(std::move(args)), stderr_path_(std::move(stderr_path)) {
  start();
}

bool MefProcess::start() {
  port_ = 0;
  if (binary().empty()) {
    ADD_FAILURE() << "citadel-mef is not built (tools/CMakeLists.txt)";
    return false;
  }
  std::vector<std::string> argv = {binary(), "--port=0", "--log.level=warning"};
  argv.insert(argv.end(), args_.begin(), args_.end());
  if (!process_.start(argv, stderr_path_)) return false;
  return process_.readLinesUntil(
      [&](const std::string& line) {
        if (!line.starts_with(kReadyPrefix)) return false;
        std::string_view port = std::string_view(line).substr(line.rfind(':') + 1);
        std::from_chars(port.data(), port.data() + port.size(), port_);
        return true;
      },
      std::chrono::seconds(10));
}

}  // namespace citadel::testing
