#include "tools/mef/key_service_process.h"

#include <pthread.h>
#include <sys/stat.h>

#include <iostream>

#include "cse/model/log.h"

namespace citadel::tools::mef {

void startKeyService(const std::string& log_level) {
  std::signal(SIGPIPE, SIG_IGN);
  model::LogLevel level = model::LogLevel::kInfo;
  model::parseLogLevel(log_level, &level);
  model::setLogLevel(level);
}

model::Result<std::unique_ptr<storage::RocksDbStore>> openKeyStore(const std::string& data_dir,
                                                                   sigset_t* stop_signals) {
  umask(077);
  sigemptyset(stop_signals);
  sigaddset(stop_signals, SIGINT);
  sigaddset(stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, stop_signals, nullptr);
  storage::RocksDbOptions options;
  options.path = data_dir;
  options.sync = true;
  return storage::RocksDbStore::open(options);
}

void serveUntilStopped(TlsPskServer& server, std::string_view name, const std::string& address,
                       const sigset_t& stop_signals) {
  std::cout << name << " listening on " << address << ":" << server.port() << std::endl;
  int received = 0;
  sigwait(&stop_signals, &received);
  LOG_INFO("signal " << received << ": stopping");
  server.stop();
}

}  // namespace citadel::tools::mef
