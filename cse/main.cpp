// Wiring only: builds the store, the engine and the bindings and connects them through the
// ports. Start-up steps in order, each with its reason.
#include <csignal>
#include <cstdio>
#include <iostream>

#include "bindings/http/http_sender.h"
#include "bindings/http/http_server.h"
#include "cse/engine/config.h"
#include "cse/engine/cse_bootstrap.h"
#include "cse/engine/dispatcher.h"
#include "cse/engine/expiry_reaper.h"
#include "cse/engine/upper_tester.h"
#include "cse/engine/notification/notification_service.h"
#include "cse/engine/request_processor.h"
#include "cse/engine/sender_router.h"
#include "cse/model/log.h"
#include "resources/type_registry.h"
#include "security/default_pipeline.h"
#include "storage/rocksdb/rocksdb_store.h"

namespace {

int fail(const std::string& what) {
  std::fprintf(stderr, "citadel: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace citadel;
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

  // 2. Block SIGINT/SIGTERM before any thread starts, so that only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // 3. Storage: a locked or unreadable database is a start-up failure with one clear line.
  storage::RocksDbOptions store_options{config.storage_path, config.storage_sync};
  auto store = storage::RocksDbStore::open(store_options);
  if (!store.isOk()) {
    return fail(store.status().dbg());
  }

  // 4. The engine: identity, types, pipeline, dispatcher, processor.
  resources::CseIdentity identity{"/" + config.cse_id, config.cse_name, config.sp_id,
                                  config.admin};
  model::SystemClock clock;
  resources::ResourceRepository repository(*store.value());
  resources::ResourceResolver resolver(repository, identity);
  resources::TypeRegistry types;
  resources::registerBuiltinTypes(types, identity);
  security::SecurityDependencies security_deps{repository, resolver, identity, types, clock};
  auto pipeline = security::makeDefaultPipeline(security_deps);
  engine::EngineSettings settings;
  settings.expiration_default_s = config.expiration_default_s;
  settings.expiration_max_s = config.expiration_max_s;
  engine::Dispatcher dispatcher(repository, types, identity, clock, settings);
  // Discovery checks DISCOVER on each result with the same ACP logic as the pipeline.
  security::AcpDecisionStage discovery_access(security_deps);
  dispatcher.setAccessChecker(&discovery_access);
  engine::RequestProcessor processor(*pipeline, dispatcher, clock);

  // 5. Notifications: outgoing primitives leave through the bindings' PrimitiveSender; internal
  //    primitives (exhausted subscriptions) come back through the processor, i.e. the pipeline.
  std::chrono::milliseconds timeout(config.notification_timeout_ms);
  http::HttpPrimitiveSender http_sender({timeout, timeout});
  engine::SenderRouter senders;  // by target scheme
  senders.add("http", &http_sender);
  engine::NotificationOptions notification_options;
  notification_options.delivery.workers = static_cast<size_t>(config.notification_workers);
  notification_options.delivery.max_queued = static_cast<size_t>(config.notification_queue_size);
  notification_options.default_batch_duration =
      std::chrono::seconds(config.notification_batch_duration_s);
  engine::NotificationService notifications(repository, resolver, identity, types, clock,
                                            senders, notification_options);
  notifications.setInternalHandler(&processor);
  notifications.setRecordLocks(&dispatcher.locks());
  model::Status started = notifications.start();
  if (!started.isOk()) {
    return fail(started.dbg());
  }
  dispatcher.setEventListener(&notifications);

  // 6. Upper tester (off by default): its Reset re-runs the bootstrap of step 8.
  resources::CseBaseSettings cse_base;
  engine::UpperTester upper_tester(config, dispatcher, processor, repository, identity, [&] {
    return engine::ensureCseBase(repository, identity, cse_base, clock);
  });

  // 7. Bindings: HTTP. It must be bound before the CSEBase is written, so that the poa holds
  //    the real port when http.port=0.
  http::HttpServerOptions http_options;
  http_options.upper_tester = config.upper_tester_enabled ? &upper_tester : nullptr;
  http_options.address = config.http_address;
  http_options.port = config.http_port;
  http_options.threads = config.http_threads;
  http_options.max_body_bytes = config.max_request_bytes;
  http_options.max_headers = static_cast<size_t>(config.max_header_count);
  auto http_server = http::HttpServer::start(http_options, processor);
  if (!http_server.isOk()) {
    return fail(http_server.status().dbg());
  }
  uint16_t port = http_server.value()->port();
  upper_tester.setHttpPort(port);

  // 8. The CSEBase (created on a new store, refreshed otherwise).
  cse_base.cse_type = config.cseTypeCode();
  cse_base.supported_types = types.supportedTypes();
  cse_base.points_of_access = {"http://" + config.http_address + ":" + std::to_string(port)};
  model::Status bootstrap = engine::ensureCseBase(repository, identity, cse_base, clock);
  if (!bootstrap.isOk()) {
    return fail(bootstrap.dbg());
  }

  // 9. Expiry: after the bootstrap, so that the first pass sees a complete tree.
  engine::ExpiryReaper reaper(repository, clock, processor, identity,
                              std::chrono::milliseconds(config.expiry_interval_ms));
  reaper.start();

  // 10. Ready: scripts and tests wait for this exact line.
  std::cout << "HTTP listening on " << config.http_address << ":" << port << std::endl;
  LOG_INFO("CSE " << identity.cse_id << " (" << identity.cse_name << ") ready, storage "
                  << config.storage_path);

  int received = 0;
  sigwait(&signals, &received);
  LOG_INFO("signal " << received << ": stopping");
  http_server.value()->stop();
  reaper.stop();
  notifications.stop();
  return 0;
}
