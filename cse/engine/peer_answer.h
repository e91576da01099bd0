#pragma once
// What a peer CSE answered to an exchange this CSE started (registration, a polling channel),
// as a Status for the logs and the caller: "<step>: rsc <n> (<its dbg>)", with the peer's rsc.

#include <string>
#include <string_view>

#include "cse/model/response.h"
#include "cse/model/status.h"

namespace citadel::engine {

// `reason` must be a static token (Status keeps the view).
inline model::Status peerRefused(const std::string& step, const model::Response& response,
                                 std::string_view reason) {
  std::string dbg = step + ": rsc " + std::to_string(static_cast<int>(response.status_code));
  if (response.content.is_object() && response.content.contains("m2m:dbg")) {
    dbg += " (" + response.content["m2m:dbg"].dump() + ")";
  }
  return model::Status(response.status_code, std::move(dbg), reason);
}

}  // namespace citadel::engine
