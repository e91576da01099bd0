#pragma once
// rocksdb::Status -> Status. RocksDB's messages name files and engine internals: they go to the
// log (LOG_ERROR), never to a client. The dbg of every error is the generic "storage error"
// (STYLE.md §3: dbg tells a client how to fix their request; a storage fault is not theirs).

#include <string_view>

#include <rocksdb/status.h>

#include "cse/model/status.h"

namespace citadel::storage {

// OK for ok; 4004 "store.not_found" for NotFound; otherwise 5000 with dbg "storage error" and
// `reason`, after logging the engine's text. Thread-safe.
model::Status fromRocksDb(const rocksdb::Status& status, std::string_view reason);

}  // namespace citadel::storage
