#pragma once
// Per-parent serialization without a global lock: a fixed array of mutexes picked by the hash
// of a resource ID. CREATE and DELETE lock the parent's stripe (sibling names, counters);
// UPDATE locks the target's own stripe (a container's limits and counters live there).

#include <array>
#include <functional>
#include <mutex>
#include <string_view>

namespace citadel::engine {

class StripeLocks {
 public:
  std::mutex& forId(std::string_view ri) {
    return stripes_[std::hash<std::string_view>{}(ri) % stripes_.size()];
  }

 private:
  std::array<std::mutex, 256> stripes_;
};

}  // namespace citadel::engine
