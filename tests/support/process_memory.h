#pragma once
// The resident memory of a process, for the memory-bound attacks (issue 15 #12): VmRSS and VmHWM
// (its peak) from /proc/<pid>/status.

#include <sys/types.h>

#include <cstddef>

namespace citadel::testing {

// VmRSS of `pid` in KiB; 0 when the process or the field is not there.
size_t residentKiB(pid_t pid);
// VmHWM (the peak resident size so far) of `pid` in KiB; 0 when not there.
size_t peakResidentKiB(pid_t pid);

}  // namespace citadel::testing
