#pragma once
// MefProcess: the real `citadel-mef` binary (tools/mef/) as a subprocess on a free loopback
// port, read back from its ready line "MEF listening on 127.0.0.1:<port>". Only the PID started
// here is ever signalled.
//
//   TempDir dir;   // holds the 0600 PSK file and the data directory
//   MefProcess mef({"--fqdn=mef.test", "--psk-file=" + psk, "--data-dir=" + dir.file("db")});
//   // mef.port()

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/child_process.h"

namespace citadel::testing {

// The pre-provisioned bootstrap key (Kpm, hex) the MEF tests give their Enrolees.
inline const std::string kKpm =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

class MefProcess {
 public:
  // Starts citadel-mef with `args` plus --port=0 and --log.level=warning; with `stderr_path` its
  // log is appended to that file. A start-up failure is recorded as a gtest failure; port() is
  // then 0.
  explicit MefProcess(std::vector<std::string> args, std::string stderr_path = "");
  ~MefProcess() = default;  // the ChildProcess stops it

  uint16_t port() const { return port_; }
  // Starts again with the same arguments (after stop() or kill9()). False on failure.
  bool start();
  void stop() { process_.stop(); }
  void kill9() { process_.kill9(); }

  // The paths of the binaries this build tests ("" when the tools are not built).
  static std::string binary();
  static std::string clientBinary();

 private:
  std::vector<std::string> args_;
  std::string stderr_path_;
  ChildProcess process_{"citadel-mef"};
  uint16_t port_ = 0;
};

}  // namespace citadel::testing
