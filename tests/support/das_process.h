#pragma once
// DasProcess: the real `citadel-das` binary (tools/das/) as a subprocess, for tests that need a
// Dynamic Authorization Server. It binds HTTP port 0 and reads the bound port back from the
// ready line "DAS HTTP listening on 127.0.0.1:<port>" (and the CoAP port from "DAS CoAP
// listening on …" when --coap.port is given). Only the PID started here is ever signalled.
//
//   TempDir dir;
//   std::ofstream(dir.file("policy")) << "* * R grant-once\n";
//   DasProcess das({"--policy=" + dir.file("policy"), "--allow=/id-in"});
//   // the CSE's DAS poa: das.httpUri()

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/child_process.h"

namespace citadel::testing {

class DasProcess {
 public:
  // Starts citadel-das with `args`, plus --http.port=0 and --log.level=warning unless `args`
  // set them (the DAS refuses a repeated option). The caller supplies --policy and --allow (and
  // --issuer/--key for token rules). A start-up failure is recorded as a gtest failure;
  // running() is then false and httpPort() 0.
  explicit DasProcess(std::vector<std::string> args);
  ~DasProcess();  // stop()

  DasProcess(const DasProcess&) = delete;
  DasProcess& operator=(const DasProcess&) = delete;

  uint16_t httpPort() const { return http_port_; }
  uint16_t coapPort() const { return coap_port_; }  // 0 without --coap.port
  // "http://127.0.0.1:<port>", the DAS's point of access for a CSE's DAS configuration.
  std::string httpUri() const { return "http://127.0.0.1:" + std::to_string(http_port_); }
  pid_t pid() const { return process_.pid(); }
  // True while the process started here has not exited (reaps it if it has).
  bool running();
  // Exit status (waitpid form) of the last process that ended; -1 if none ended yet.
  int lastWaitStatus() const { return process_.lastWaitStatus(); }

  // SIGTERM, wait up to `grace`, then SIGKILL. No-op when not running.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));
  // SIGKILL and reap.
  void kill9();
  // Starts the process (the constructor calls it). Returns false on failure.
  bool start();

  // The path of the citadel-das binary this build tests ("" when the tools are not built).
  static std::string binary();
  // The path of the citadel-token binary (tools/token_cli/) that mints the tokens and issuer
  // keys such tests use ("" when the tools are not built).
  static std::string tokenBinary();

 private:
  bool readReadyLine();

  std::vector<std::string> args_;
  ChildProcess process_{"citadel-das"};
  uint16_t http_port_ = 0;
  uint16_t coap_port_ = 0;
};

}  // namespace citadel::testing
