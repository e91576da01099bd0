#include "tests/support/process_memory.h"

#include <fstream>
#include <sstream>
#include <string>

namespace citadel::testing {
namespace {

size_t statusField(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      std::istringstream value(line.substr(field.size() + 1));
      size_t kib = 0;
      value >> kib;
      return kib;
    }
  }
  return 0;
}

}  // namespace

size_t residentKiB(pid_t pid) { return statusField(pid, "VmRSS"); }

size_t peakResidentKiB(pid_t pid) { return statusField(pid, "VmHWM"); }

}  // namespace citadel::testing
