#include "tests/support/shell.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace citadel::testing {

std::string runShell(const std::string& command, int* exit_code, int seconds) {
  std::string output;
  FILE* pipe = ::popen(("timeout " + std::to_string(seconds) + " " + command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    if (exit_code != nullptr) *exit_code = -1;
    return output;
  }
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  int status = ::pclose(pipe);
  if (exit_code != nullptr) *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return output;
}

std::string makeTestPki(const std::string& directory, const std::string& arguments) {
  int code = 0;
  std::string output = runShell(std::string(CITADEL_SOURCE_DIR) + "/tools/make_test_pki.sh " +
                                    directory + (arguments.empty() ? "" : " " + arguments),
                                &code, 60);
  return code == 0 ? "" : "make_test_pki.sh exit " + std::to_string(code) + ": " + output;
}

std::string coapClientTool() {
  for (const char* name : {"coap-client-openssl", "coap-client"}) {
    std::string probe = std::string("command -v ") + name + " >/dev/null 2>&1";
    if (std::system(probe.c_str()) == 0) return name;
  }
  return "";
}

}  // namespace citadel::testing
