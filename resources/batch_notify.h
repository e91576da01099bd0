#pragma once
// m2m:batchNotify (TS-0004 Table 6.3.5.6-1), the type of <subscription> batchNotify (bn) and of
// <group> notifyAggregation (nar, TS-0004 Table 7.4.13.1-3). Pure; thread-safe.

#include <string_view>

#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::resources {

// OK when `value` is an object whose members are number (num, xs:nonNegativeInteger) and
// duration (dur, xs:duration), each 0..1. Otherwise 4000 whose dbg names the member, prefixed
// with `attribute` ("bn", "nar") so the client sees which attribute is wrong.
model::Status validateBatchNotify(const model::Json& value, std::string_view attribute);

}  // namespace citadel::resources
