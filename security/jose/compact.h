#pragma once
// The '.'-separated parts of a JOSE compact serialization (RFC 7515 §7.1: 3 for a JWS;
// RFC 7516 §7.1: 5 for a JWE), not decoded.

#include <string_view>
#include <vector>

namespace citadel::security::jose {

// At most 6 parts: a caller that wants 3 or 5 learns "too many" without splitting a hostile
// text of thousands of dots.
inline std::vector<std::string_view> splitCompact(std::string_view compact) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (parts.size() < 6) {
    size_t dot = compact.find('.', start);
    parts.push_back(compact.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

}  // namespace citadel::security::jose
