#pragma once
// '*' patterns, as used by acor entries (TS-0003 §7.1.3) and discovery attribute values.

#include <cstddef>
#include <string_view>

namespace citadel::model {

// True when `text` matches `pattern`, where '*' stands for any run of characters (there is no
// '?' and no escape: every other character is a literal). When `barrier` is set, a '*' never
// spans that character ('/' for IDs: "//*/C*" stops at each level).
// Linear: O(|pattern| + |text|) character comparisons whatever the input, so a hostile pattern
// ("*aaaa…b") against a large text costs one pass, not |pattern| × |text|. Thread-safe.
bool wildcardMatch(std::string_view pattern, std::string_view text, char barrier = '\0');

// The same, adding the number of character comparisons made to `*comparisons` (never more than
// 3 × (|pattern| + |text|) + 3); for the complexity tests.
bool wildcardMatch(std::string_view pattern, std::string_view text, char barrier,
                   size_t* comparisons);

}  // namespace citadel::model
