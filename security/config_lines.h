#pragma once
// The line format of the security module's provisioning files (PSK key store, originator
// locations): whitespace-separated fields, '#' starts a comment, blank lines are skipped.

#include <functional>
#include <string_view>
#include <vector>

#include "cse/model/status.h"

namespace citadel::security {

// Calls `on_line` with the 1-based line number and the fields of each non-blank line; stops at
// the first error and returns it.
model::Status forEachConfigLine(
    std::string_view text,
    const std::function<model::Status(size_t line, const std::vector<std::string_view>& fields)>&
        on_line);

}  // namespace citadel::security
