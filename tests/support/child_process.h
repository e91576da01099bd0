#pragma once
// ChildProcess: one program run as a child of the test process with its stdout on a pipe, read
// line by line until the program prints its ready line; the lifecycle shared by TestCse
// (`citadel`) and DasProcess (`citadel-das`). The child dies with the test process
// (PR_SET_PDEATHSIG), starts with SIGPIPE at its default and an empty signal mask, and only the
// PID started here is ever signalled.
//
//   ChildProcess process("citadel-das");
//   bool ready = process.start({binary, "--http.port=0"}) &&
//                process.readLinesUntil([](const std::string& line) {
//                  return line.starts_with("DAS HTTP listening on ");
//                }, std::chrono::seconds(10));

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace citadel::testing {

// Forks and execs argv[0] (a path, no shell) with `argv`. `stdout_fd` / `stderr_fd`, when >= 0,
// become the child's stdout / stderr (pass pipes opened with O_CLOEXEC: dup2 clears the flag on
// the copy only). The child gets SIGKILL when the test process dies, SIGPIPE at its default and
// an empty signal mask; it exits with 127 when exec fails. Returns the child's PID, or -1 with
// errno set when fork fails. `argv` must not be empty. The caller closes its copies of the
// descriptors and reaps the child.
pid_t spawnProcess(const std::vector<std::string>& argv, int stdout_fd, int stderr_fd = -1);

class ChildProcess {
 public:
  // `name` ("citadel", "citadel-das") leads the failure messages. Makes the test process ignore
  // SIGPIPE, so that it survives writes to sockets the child has closed.
  explicit ChildProcess(std::string name);
  ~ChildProcess();  // stop()

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Starts argv[0] with `argv`, its stdout on a pipe for readLinesUntil() and, when
  // `stderr_path` is not empty, its stderr appended to that file (else inherited). Returns false,
  // with a gtest failure recorded, when a process started here still runs or pipe2/open/fork
  // fails.
  bool start(const std::vector<std::string>& argv, const std::string& stderr_path = "");
  // Reads the child's stdout and hands each complete line (without '\n') to `done` until it
  // returns true, then returns true. Returns false with a gtest failure recorded when `timeout`
  // passes first (the child is then killed: kill9()) or the child exits first (it is reaped).
  bool readLinesUntil(const std::function<bool(const std::string& line)>& done,
                      std::chrono::seconds timeout);

  // The PID started here, -1 when none runs (or it has been reaped).
  pid_t pid() const { return pid_; }
  // True while the process started here has not exited (reaps it if it has).
  bool running();
  // Exit status (waitpid form) of the last process that ended; -1 if none ended yet.
  int lastWaitStatus() const { return last_wait_status_; }

  // SIGTERM, wait up to `grace`, then SIGKILL (with a gtest failure). No-op when not running.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));
  // SIGKILL and reap. No-op when not running.
  void kill9();

 private:
  void reap(bool block);
  void closeStdout();

  std::string name_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int last_wait_status_ = -1;
};

}  // namespace citadel::testing
