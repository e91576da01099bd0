#include "resources/batch_notify.h"

#include <string>

#include "cse/model/duration.h"

namespace citadel::resources {
namespace {

model::Status bad(const std::string& dbg) {
  return model::Status::badRequest(dbg, "validate.batch_notify");
}

}  // namespace

// Without a number (or with 0) only the duration closes a batch.
model::Status validateBatchNotify(const model::Json& value, std::string_view attribute) {
  const std::string name(attribute);
  if (!value.is_object()) {
    return bad(name + " (m2m:batchNotify) must be an object {\"num\": n, \"dur\": \"PTnS\"}");
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it.key() == "num") {
      if (!it->is_number_integer() || it->get<int64_t>() < 0) {
        return bad(name + ".num (number) must be a non-negative integer");
      }
    } else if (it.key() == "dur") {
      if (!it->is_string() || !model::parseDuration(it->get_ref<const std::string&>())) {
        return bad(name + ".dur (duration) must be an xs:duration such as \"PT10S\" or " +
                   "\"PT1M30S\", got " + it->dump());
      }
    } else {
      return bad("unknown member '" + name + "." + it.key() +
                 "' (m2m:batchNotify has num and dur)");
    }
  }
  return {};
}

}  // namespace citadel::resources
