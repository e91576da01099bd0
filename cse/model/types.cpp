#include "cse/model/types.h"

namespace citadel::model {

std::string_view operationName(Operation op) {
  switch (op) {
    case Operation::kCreate: return "CREATE";
    case Operation::kRetrieve: return "RETRIEVE";
    case Operation::kUpdate: return "UPDATE";
    case Operation::kDelete: return "DELETE";
    case Operation::kNotify: return "NOTIFY";
  }
  return "UNKNOWN";
}

std::optional<Operation> operationFromInt(int64_t value) {
  if (value < 1 || value > 5) {
    return std::nullopt;
  }
  return static_cast<Operation>(value);
}

}  // namespace citadel::model
