#include "storage/rocksdb/rocksdb_status.h"

#include "cse/model/log.h"

namespace citadel::storage {

model::Status fromRocksDb(const rocksdb::Status& status, std::string_view reason) {
  if (status.ok()) {
    return model::Status::ok();
  }
  if (status.IsNotFound()) {
    return model::Status::notFound("not found", "store.not_found");
  }
  LOG_ERROR("storage: " << reason << ": " << status.ToString());
  return model::Status::internal("storage error", reason);
}

}  // namespace citadel::storage
