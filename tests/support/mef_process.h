#pragma once
// MefProcess: the real `citadel-mef` (or `citadel-maf`) binary (tools/mef/, tools/maf/) as a
// subprocess on a free loopback port, read back from its ready line "MEF listening on
// 127.0.0.1:<port>" ("MAF ..."). Only the PID started here is ever signalled.
//
//   TempDir dir;   // holds the 0600 PSK file and the data directory
//   MefProcess mef({"--fqdn=mef.test", "--psk-file=" + psk, "--data-dir=" + dir.file("db")});
//   // mef.port()

#include <cstdint>
#include <memory>
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
  // The same for citadel-maf (tools/maf/), ready line "MAF listening on ...".
  static std::unique_ptr<MefProcess> maf(std::vector<std::string> args,
                                         std::string stderr_path = "");
  ~MefProcess() = default;  // the ChildProcess stops it

  uint16_t port() const { return port_; }
  // Starts again with the same arguments (after stop() or kill9()). False on failure.
  bool start();
  void stop() { process_.stop(); }
  void kill9() { process_.kill9(); }

  // The paths of the binaries this build tests ("" when the tools are not built).
  static std::string binary();
  static std::string clientBinary();
  static std::string mafBinary();
  static std::string mafClientBinary();

 private:
  MefProcess(std::string binary, std::string name, std::vector<std::string> args,
             std::string stderr_path);

  std::string binary_;
  std::string name_;  // "MEF" or "MAF": the ready line's first word
  std::vector<std::string> args_;
  std::string stderr_path_;
  ChildProcess process_;
  uint16_t port_ = 0;
};

}  // namespace citadel::testing
