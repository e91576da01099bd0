#pragma once
// A Mosquitto 2.0 broker for the MQTT tests (STYLE.md §8: one Mosquitto per test binary, on a
// free loopback port). It runs /usr/sbin/mosquitto as a subprocess with a temporary config
// (`listener <port> 127.0.0.1`, `allow_anonymous true`, no persistence) and its log in the temp
// dir. Only the PID started here is ever signalled.

#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cse/model/json.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {

struct MosquittoConfig {
  bool allow_anonymous = true;
  std::string extra_lines;  // more mosquitto.conf lines (password_file, acl_file, ...)
};

class MosquittoBroker {
 public:
  // Picks a free port and starts the broker; start-up failures are recorded as gtest failures
  // (running() is then false). `start_now` false: construct only (write files into file(...)
  // first), call start() later.
  explicit MosquittoBroker(MosquittoConfig config = {}, bool start_now = true);
  ~MosquittoBroker();  // stop()

  MosquittoBroker(const MosquittoBroker&) = delete;
  MosquittoBroker& operator=(const MosquittoBroker&) = delete;

  // Starts the broker: on the same port as before when it ran already (for reconnect tests),
  // else on a fresh free port. Returns once it accepts TCP connections, or false after 10 s.
  bool start();
  // SIGTERM, wait up to `grace`, then SIGKILL. No-op when not running.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
  // True while the process started here has not exited (reaps it if it has).
  bool running();

  uint16_t port() const { return port_; }
  std::string host() const { return "127.0.0.1"; }
  // "tcp://127.0.0.1:<port>" (the Paho form) and "mqtt://127.0.0.1:<port>" (a poa).
  std::string uri() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  std::string mqttUri() const { return "mqtt://127.0.0.1:" + std::to_string(port_); }
  // The flags that connect a CSE's MQTT binding to this broker, with a client ID unique to this
  // process: --mqtt.enabled=true, --mqtt.broker=<uri()>, --mqtt.clientId=citadel-<name>-<pid>.
  std::vector<std::string> cseArgs(const std::string& name) const {
    return {"--mqtt.enabled=true", "--mqtt.broker=" + uri(),
            "--mqtt.clientId=citadel-" + name + "-" + std::to_string(::getpid())};
  }
  // The broker's log so far (for failure messages).
  std::string log() const;
  // A path in the broker's temp dir, for password and ACL files.
  std::string file(const std::string& name) const { return dir_.file(name); }
  // The configuration for the next start().
  void setConfig(MosquittoConfig config) { config_ = std::move(config); }

  // The broker shared by every test of this binary, started on first use and stopped at exit.
  static MosquittoBroker& shared();

 private:
  bool startOnce();
  bool waitUntilAccepting(std::chrono::milliseconds timeout);
  void reap(bool block);

  TempDir dir_;
  MosquittoConfig config_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
};

// ---- The mosquitto_pub / mosquitto_sub command-line clients ----

struct CommandOutput {
  bool ok = false;     // the subscriber started, saw its SUBACK and exited by itself
  std::string output;  // the subscriber's stdout and stderr
};

// Runs `subscriber` (mosquitto_sub with -d, so that it prints "received SUBACK"; run under
// `stdbuf -oL` so that the line arrives before it exits), waits for its
// SUBACK, runs `publisher` to completion, then reads the subscriber's output until it exits. Each
// step is bounded (10 s); a subscriber still running then is killed. Only PIDs started here are
// signalled.
CommandOutput runWithSubscriber(const std::vector<std::string>& subscriber,
                                const std::vector<std::string>& publisher);
// Runs `argv` to completion (10 s at most) and returns its exit code, -1 if it did not exit
// normally; *output (if given) receives its stdout and stderr.
int runCommand(const std::vector<std::string>& argv, std::string* output = nullptr);
// The first line of `output` that parses as a JSON object (mosquitto_sub prints one message per
// line between its debug lines); null when there is none.
model::Json firstJsonLine(const std::string& output);

// True when /usr/sbin/mosquitto exists and is executable (tests GTEST_SKIP otherwise).
bool mosquittoAvailable();

}  // namespace citadel::testing
