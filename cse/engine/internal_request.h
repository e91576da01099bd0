#pragma once
// Primitives the CSE originates itself (expiry, exhausted subscriptions, upper-tester Reset).
// They go through the PrimitiveHandler like any other request; only the internal binding may
// carry the CSE-ID as originator (TransportIdentityStage).

#include <string>

#include "cse/model/request.h"

namespace citadel::engine {

inline model::Request internalDelete(const std::string& target_ri, const std::string& cse_id,
                                     std::string request_id) {
  model::Request request;
  request.operation = model::Operation::kDelete;
  request.to = target_ri;
  request.originator = cse_id;
  request.request_id = std::move(request_id);
  request.transport.binding = model::Binding::kInternal;
  return request;
}

}  // namespace citadel::engine
