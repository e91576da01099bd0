#pragma once
// The line format of the security module's provisioning files (PSK key store, originator
// locations): whitespace-separated fields, '#' starts a comment, blank lines are skipped.

#include <functional>
#include <string>
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

// A provisioning file read whole: its text and its permission bits.
struct ProvisioningFile {
  std::string text;
  unsigned mode = 0;  // st_mode & 07777
};

// Reads `path` (at most `max_bytes`, checked before reading). 4000 with `reason`, the message
// "<what> <path> cannot be read: …" / "… is larger than N KiB".
model::Result<ProvisioningFile> readProvisioningFile(const std::string& path,
                                                      std::string_view what,
                                                      std::string_view reason, size_t max_bytes);

// OK when only the owner may read `file`; otherwise 4000 with `reason` saying which mode it has
// and the chmod that fixes it. For files that hold keys.
model::Status requireOwnerOnly(const ProvisioningFile& file, const std::string& path,
                               std::string_view what, std::string_view reason);

}  // namespace citadel::security
