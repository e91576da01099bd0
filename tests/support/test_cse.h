#pragma once
// TestCse: the real `citadel` binary as a subprocess on a fresh RocksDB directory (STYLE.md §8).
// It binds port 0 and reads the bound port back from the one ready line on stdout,
// "HTTP listening on 127.0.0.1:<port>". Only the PID started here is ever signalled.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {

class TestCse {
 public:
  // Starts the CSE with `--http.port=0 --storage.path=<tempdir>/db --log.level=warning` followed
  // by `extra_args` (later keys win, so extra args may override the defaults). A start-up failure
  // is recorded as a gtest failure; running() is then false and port() 0. With `stderr_path`
  // the CSE's log (stderr) is appended to that file, for tests that read it.
  explicit TestCse(std::vector<std::string> extra_args = {}, std::string stderr_path = "");
  ~TestCse();  // stop()

  TestCse(const TestCse&) = delete;
  TestCse& operator=(const TestCse&) = delete;

  uint16_t port() const { return port_; }
  pid_t pid() const { return process_.pid(); }
  const std::string& storagePath() const { return storage_path_; }
  // True while the process started here has not exited (reaps it if it has).
  bool running();
  // Exit status (waitpid form) of the last process that ended; -1 if none ended yet.
  int lastWaitStatus() const { return process_.lastWaitStatus(); }

  // SIGTERM, wait up to `grace`, then SIGKILL. No-op when not running.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));
  // SIGKILL and reap: a process crash, for the durability tests.
  void kill9();
  // stop() if running, then start again on the same storage directory (a new port).
  void restart();
  // Starts the process (the constructor calls it). Returns false on failure.
  bool start();

 private:
  TempDir dir_;
  std::string storage_path_;
  std::vector<std::string> extra_args_;
  std::string stderr_path_;
  ChildProcess process_{"citadel"};
  uint16_t port_ = 0;
};

}  // namespace citadel::testing
