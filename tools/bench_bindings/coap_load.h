#pragma once
// CoAP scenarios (TS-0008 over UDP): contentInstance CREATE and retrieve of `la`, one UDP
// socket per worker, CON requests answered by piggybacked ACKs.

#include <memory>
#include <string>
#include <vector>

#include "tools/bench_bindings/closed_loop.h"

namespace citadel::tools {

struct CoapTarget {
  std::string host = "127.0.0.1";
  uint16_t port = 5683;
  std::string cse_name = "cse-in";
};

// Registers an AE and creates a container over CoAP (prefilled with `prefill` instances), then
// returns one Exchange per worker for `scenario` ("coap-cin" or "coap-la"). nullptr and *error
// when the CSE does not answer the set-up.
std::vector<std::unique_ptr<Exchange>> makeCoapWorkers(const CoapTarget& target,
                                                       const std::string& scenario,
                                                       size_t workers, size_t prefill,
                                                       const std::string& tag, std::string* error);

}  // namespace citadel::tools
