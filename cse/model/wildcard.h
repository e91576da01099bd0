#pragma once
// '*' patterns, as used by acor entries (TS-0003 §7.1.3) and discovery attribute values.

#include <string_view>

namespace citadel::model {

// True when `text` matches `pattern`, where '*' stands for any run of characters. When
// `barrier` is set, a '*' never spans that character ('/' for IDs: "//*/C*" stops at each
// level). Linear in practice; no backtracking blow-up.
bool wildcardMatch(std::string_view pattern, std::string_view text, char barrier = '\0');

}  // namespace citadel::model
