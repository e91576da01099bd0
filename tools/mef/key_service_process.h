#pragma once
// The process frame citadel-mef and citadel-maf share: both hold keys in a synced RocksDB and
// serve one TLS listener until SIGINT/SIGTERM. Call in this order from main().

#include <csignal>
#include <memory>
#include <string>
#include <string_view>

#include "cse/model/status.h"
#include "storage/rocksdb/rocksdb_store.h"
#include "tools/mef/tls_psk_server.h"

namespace citadel::tools::mef {

// Ignores SIGPIPE (a peer that closes early costs one connection, not the process) and sets
// the log level (`log_level` already checked by the command line).
void startKeyService(const std::string& log_level);

// After the configuration was checked: an owner-only umask (every file RocksDB creates holds
// key material: 0600, directory 0700), SIGINT/SIGTERM blocked before any thread starts (only
// serveUntilStopped sees them: their set goes to *stop_signals), then the store at `data_dir`,
// synced (a key a client was told about survives a machine crash). RocksDbStore::open's errors.
model::Result<std::unique_ptr<storage::RocksDbStore>> openKeyStore(const std::string& data_dir,
                                                                   sigset_t* stop_signals);

// Prints the ready line "<name> listening on <address>:<port>" (scripts and tests wait for it),
// waits for one of `stop_signals`, then stops `server`.
void serveUntilStopped(TlsPskServer& server, std::string_view name, const std::string& address,
                       const sigset_t& stop_signals);

}  // namespace citadel::tools::mef
