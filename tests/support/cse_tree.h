#pragma once
// Command lines for a two-CSE tree on loopback, shared by the inter-CSE tests: an IN-CSE
// (id-in, cse-in) and an MN-CSE (id-mn, cse-mn) registering with it. Both accept CSE-IDs over
// plain HTTP/CoAP from loopback peers (security.plainCse=loopback), as two CSEs on one machine
// without certificates must.

#include <cstdint>
#include <string>
#include <vector>

namespace citadel::testing {

inline std::vector<std::string> inCseArgs(const std::string& port = "0") {
  return {"--http.port=" + port, "--security.plainCse=loopback"};
}

// The MN registers with the IN listening on `registrar_port`; `extra` is appended.
inline std::vector<std::string> mnCseArgs(uint16_t registrar_port,
                                          std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {
      "--cse.type=MN",
      "--cse.id=id-mn",
      "--cse.name=cse-mn",
      "--registrar.url=http://127.0.0.1:" + std::to_string(registrar_port),
      "--registrar.cseId=id-in",
      "--registrar.cseBaseName=cse-in",
      "--registrar.retryMax=1000",
      "--security.plainCse=loopback"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace citadel::testing
