#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace citadel::tools {

// The resident set size of a process as the kernel reports it (proc(5), /proc/PID/status
// "VmRSS:   1234 kB"), so a benchmark can report the server's memory at the points it chooses
// (issue 25: "RSS at rest / after 1M instances").

// VmRSS in KiB from the text of a /proc/PID/status file; nullopt when the line is missing or
// malformed (e.g. a zombie, whose status has no Vm lines).
std::optional<uint64_t> parseVmRssKib(std::string_view status_text);

// VmRSS in KiB of process `pid`; nullopt when it cannot be read (no such process, no permission).
std::optional<uint64_t> readVmRssKib(int64_t pid);

}  // namespace citadel::tools
