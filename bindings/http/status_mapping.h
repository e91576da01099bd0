#pragma once
// rsc -> HTTP status code, TS-0009 Table 6.3.2-1.

#include "cse/model/rsc.h"

namespace citadel::http {

// The HTTP status for `rsc`. Codes the table does not list map by class: 1xxx -> 202,
// 2xxx -> 200, 4xxx -> 403 (as the table does for most 41xx), 5xxx/6xxx -> 500.
int httpStatusFor(model::Rsc rsc);

}  // namespace citadel::http
