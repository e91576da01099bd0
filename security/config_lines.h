#pragma once
// The line format of the security module's provisioning files (PSK key store, originator
// locations): whitespace-separated fields, '#' starts a comment, blank lines are skipped.

#include <functional>
#include <optional>
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

// A key written as hex digits (either case), decoded; nullopt when `hex` has an odd length or a
// character that is not a hex digit. The caller checks the length it allows.
std::optional<std::string> decodeHexKey(std::string_view hex);

// True when `field` has no control character, space or DEL (identities and originators in
// provisioning files, which end up compared and logged).
bool isPrintableField(std::string_view field);

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

// Overwrites `text` with zeros in a way the compiler keeps (OPENSSL_cleanse).
void wipe(std::string& text);

// A file that holds keys: read (readProvisioningFile), refused unless only its owner may read
// it (requireOwnerOnly), then `parse(text, path)`, which returns model::Result<T>. The text is
// wiped afterwards, whatever the outcome.
template <class T, class Parse>
model::Result<T> loadKeyFile(const std::string& path, std::string_view what,
                             std::string_view reason, size_t max_bytes, Parse parse) {
  auto file = readProvisioningFile(path, what, reason, max_bytes);
  if (!file.isOk()) return file.status();
  model::Status owner_only = requireOwnerOnly(file.value(), path, what, reason);
  model::Result<T> loaded =
      owner_only.isOk() ? parse(std::string_view(file.value().text), path)
                        : model::Result<T>(owner_only);
  wipe(file.value().text);
  return loaded;
}

}  // namespace citadel::security
