// '*' matching (cse/model/wildcard.h): the linear matcher behind acor entries and discovery.
// Input: <barrier byte><pattern>\0<text>, pattern and text at most 64 bytes each.
// Invariants: the linear matcher agrees with a plain dynamic-programming reference on every
// input, and stays within the comparison bound its header promises (3 × (|p| + |t|) + 3).

#include <vector>

#include "cse/model/wildcard.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

namespace {

constexpr size_t kMaxSide = 64;

// match[i][j]: pattern[0, i) matches text[0, j). O(|p| × |t|), obviously correct.
bool referenceMatch(std::string_view pattern, std::string_view text, char barrier) {
  std::vector<std::vector<bool>> match(pattern.size() + 1,
                                       std::vector<bool>(text.size() + 1, false));
  match[0][0] = true;
  for (size_t i = 1; i <= pattern.size(); ++i) {
    for (size_t j = 0; j <= text.size(); ++j) {
      if (pattern[i - 1] == '*') {
        // '*' matches nothing, or one more character that is not the barrier.
        bool extend = j > 0 && match[i][j - 1] && (barrier == '\0' || text[j - 1] != barrier);
        match[i][j] = match[i - 1][j] || extend;
      } else {
        match[i][j] = j > 0 && match[i - 1][j - 1] && pattern[i - 1] == text[j - 1];
      }
    }
  }
  return match[pattern.size()][text.size()];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  // Barriers worth trying: none and '/' (what IDs use); any other byte is a literal barrier.
  char barrier = data[0] % 3 == 0 ? '\0' : data[0] % 3 == 1 ? '/' : static_cast<char>(data[0]);
  std::string_view rest = fuzz::asText(data + 1, size - 1);
  size_t split = rest.find('\0');
  std::string_view pattern = rest.substr(0, split);
  std::string_view text = split == std::string_view::npos ? "" : rest.substr(split + 1);
  if (pattern.size() > kMaxSide || text.size() > kMaxSide) {
    return 0;
  }
  size_t comparisons = 0;
  bool linear = model::wildcardMatch(pattern, text, barrier, &comparisons);
  FUZZ_CHECK(linear == referenceMatch(pattern, text, barrier));
  FUZZ_CHECK(comparisons <= 3 * (pattern.size() + text.size()) + 3);
  FUZZ_CHECK(linear == model::wildcardMatch(pattern, text, barrier));
  return 0;
}
