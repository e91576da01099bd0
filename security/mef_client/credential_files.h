#pragma once
// Writing what enrolment yields (keys, certificates, trust anchors) to disk: through a
// temporary file, fsync and rename, so that a crash leaves the old file or the new one, never a
// half-written key, and with the file's mode set before a byte of it is written.

#include <string>
#include <sys/types.h>

namespace citadel::security::mef {

// Writes `text` to `path` (mode `mode`, e.g. 0600 for a private key). False on any failure;
// the temporary file is removed then.
bool writeFileAtomically(const std::string& path, const std::string& text, mode_t mode);

}  // namespace citadel::security::mef
