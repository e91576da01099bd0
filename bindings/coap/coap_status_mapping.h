#pragma once
// rsc -> CoAP response code, TS-0008 §6.2.4 Table 6.2.4-1. The exact rsc always travels in the
// oneM2M-RSC option as well (TS-0008 §6.2.2.4.10).

#include <cstdint>

#include "cse/model/rsc.h"
#include "cse/model/types.h"

namespace citadel::coap {

// The CoAP code (class << 5 | detail) for `rsc` in the response to `operation`:
// 2000 is 2.05 Content for RETRIEVE and 2.04 Changed otherwise (NOTIFY); 1002 is 2.01 when a
// <request> resource was created (`request_created`), else 2.04; 1000 (unused by TS-0008) is
// 2.04. Codes the table does not list map by class: 1xxx/2xxx -> 2.04, 41xx -> 4.03,
// other 4xxx -> 4.00, 5xxx/6xxx -> 5.00.
uint8_t coapCodeFor(model::Rsc rsc, model::Operation operation, bool request_created = false);

}  // namespace citadel::coap
