// The citadel executable: parses the configuration, starts the CSE assembly (cse/app/cse.h)
// and runs it until SIGINT or SIGTERM.
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "cse/app/cse.h"
#include "cse/engine/config.h"
#include "cse/model/log.h"

namespace {

int fail(const std::string& what) {
  std::fprintf(stderr, "citadel: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace citadel;
  // 0. Every file this process creates is its user's alone (issue 15 #18): RocksDB creates its
  //    SST, WAL, MANIFEST and LOG files itself with 0666 & ~umask, so the umask is the one place
  //    that reaches them; the CSE creates no file meant for anyone else.
  ::umask(077);
  //    Every connection is a descriptor: a soft limit of 1,024 (the usual default) would refuse
  //    the thousand-and-first device. The hard limit is what the operator allows; take it.
  rlimit descriptors{};
  if (::getrlimit(RLIMIT_NOFILE, &descriptors) == 0 &&
      descriptors.rlim_cur < descriptors.rlim_max) {
    descriptors.rlim_cur = descriptors.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &descriptors);
  }
  // 1. Configuration first: everything else depends on it; bad keys stop here.
  auto command_line = engine::parseCommandLine(argc, argv);
  if (!command_line.isOk()) {
    return fail(command_line.status().dbg());
  }
  if (command_line.value().show_help) {
    std::cout << engine::helpText();
    return 0;
  }
  const engine::Config& config = command_line.value().config;
  model::LogLevel level;
  model::parseLogLevel(config.log_level, &level);
  model::setLogLevel(level);
  for (const std::string& warning : command_line.value().warnings) {
    LOG_WARN(warning);
  }

  // 2. Block SIGINT/SIGTERM before any thread starts, so that only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // 3. The CSE, from the store to the bindings; a failing step is one clear line.
  auto cse = app::Cse::start(config);
  if (!cse.isOk()) {
    return fail(cse.status().dbg());
  }

  // 4. Ready: scripts and tests wait for this exact line (the last one printed).
  if (config.http_enabled) {
    std::cout << "HTTP listening on " << config.http_address << ":" << cse.value()->httpPort()
              << std::endl;
  } else {
    std::cout << "ready (plain HTTP off)" << std::endl;
  }
  LOG_INFO("CSE " << cse.value()->identity().cse_id << " (" << cse.value()->identity().cse_name
                  << ") ready, storage " << config.storage_path);

  int received = 0;
  sigwait(&signals, &received);
  LOG_INFO("signal " << received << ": stopping");
  cse.value()->stop();
  return 0;
}
