#include "cse/model/wildcard.h"

namespace citadel::model {

bool wildcardMatch(std::string_view pattern, std::string_view text, char barrier) {
  size_t p = 0, t = 0;
  size_t star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos && (barrier == '\0' || text[mark] != barrier)) {
      // Let the last '*' absorb one more character (never the barrier) and retry.
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

}  // namespace citadel::model
