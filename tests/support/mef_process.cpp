#include "tests/support/mef_process.h"

#include <gtest/gtest.h>

#include <charconv>
#include <string_view>

namespace citadel::testing {
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

std::string MefProcess::mafBinary() {
#ifdef CITADEL_MAF_BINARY
  return CITADEL_MAF_BINARY;
#else
  return "";
#endif
}

std::string MefProcess::mafClientBinary() {
#ifdef CITADEL_MAF_CLIENT_BINARY
  return CITADEL_MAF_CLIENT_BINARY;
#else
  return "";
#endif
}

MefProcess::MefProcess(std::vector<std::string> args, std::string stderr_path)
    : MefProcess(binary(), "MEF", std::move(args), std::move(stderr_path)) {}

MefProcess::MefProcess(std::string binary, std::string name, std::vector<std::string> args,
                       std::string stderr_path)
    : binary_(std::move(binary)),
      name_(std::move(name)),
      args_(std::move(args)),
      stderr_path_(std::move(stderr_path)),
      process_(name_ == "MEF" ? "citadel-mef" : "citadel-maf") {
  start();
}

std::unique_ptr<MefProcess> MefProcess::maf(std::vector<std::string> args,
                                            std::string stderr_path) {
  return std::unique_ptr<MefProcess>(
      new MefProcess(mafBinary(), "MAF", std::move(args), std::move(stderr_path)));
}

bool MefProcess::start() {
  port_ = 0;
  if (binary_.empty()) {
    ADD_FAILURE() << "the " << name_ << " is not built (tools/CMakeLists.txt)";
    return false;
  }
  const std::string ready_prefix = name_ + " listening on ";
  std::vector<std::string> argv = {binary_, "--port=0", "--log.level=warning"};
  argv.insert(argv.end(), args_.begin(), args_.end());
  if (!process_.start(argv, stderr_path_)) return false;
  return process_.readLinesUntil(
      [&](const std::string& line) {
        if (!line.starts_with(ready_prefix)) return false;
        std::string_view port = std::string_view(line).substr(line.rfind(':') + 1);
        std::from_chars(port.data(), port.data() + port.size(), port_);
        return true;
      },
      std::chrono::seconds(10));
}

}  // namespace citadel::testing
