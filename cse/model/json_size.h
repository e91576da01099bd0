#pragma once
// The size of a JSON document, for the memory bounds of issue 15 #12 (response size, queued
// notifications, batch and rate-limit buffers). Counting walks the tree once and allocates
// nothing, unlike serialising it.

#include <cstddef>

#include "cse/model/json.h"

namespace citadel::model {

// About the length of `value` serialised as compact JSON: string contents plus quotes, member
// names, separators and digits (numbers are counted at their usual width, escapes are not
// expanded). Never less than the bytes the strings alone hold, so a bound on it bounds the
// payload. Thread-safe (reads only).
size_t jsonBytes(const Json& value);

}  // namespace citadel::model
