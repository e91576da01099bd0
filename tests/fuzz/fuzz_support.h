#pragma once
// What every fuzz target (tests/fuzz/*_fuzz.cpp, issue 23) shares.
//
// A target checks invariants, not only the absence of crashes: FUZZ_CHECK aborts with the
// failed condition, which libFuzzer reports as a crash and saves the input as crash-<sha1>.
// Targets catch nothing: an exception escaping a parser is a bug (STYLE.md §3: no exception
// crosses a module boundary), and libFuzzer reports it as "uncaught exception" (abort).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/status.h"

#define FUZZ_CHECK(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)

namespace citadel::fuzz {

inline std::string_view asText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A rejected input must be a oneM2M error: an rsc of the 4xxx/5xxx/6xxx classes with a reason
// token for the logs (STYLE.md §3), never an OK status passed off as a failure.
inline void checkRejection(const model::Status& status) {
  auto rsc = static_cast<uint16_t>(status.rsc());
  FUZZ_CHECK(!status.isOk());
  FUZZ_CHECK(rsc >= 4000 && rsc <= 6999);
  FUZZ_CHECK(!status.reason().empty());
}

// Splits `text` at every `separator` (kept out of the parts); always at least one part. Targets
// with several inputs (an HTTP head and body, a file and a name) take them from one buffer.
inline std::vector<std::string_view> splitInput(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(separator, start);
    if (at == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, at - start));
    start = at + separator.size();
  }
}

}  // namespace citadel::fuzz
