#pragma once
// Control characters (C0 0x00–0x1F and DEL 0x7F) in values that came from a request. No oneM2M
// identifier, timestamp or URI contains one (TS-0001 §7.2: IDs are URI characters), and a CR/LF
// that reached an HTTP header or a log line would let the sender add headers or forge log lines
// (issue 15 #14). Pure functions; thread-safe.

#include <algorithm>
#include <string_view>

namespace citadel::model {

constexpr bool isControlCharacter(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

inline bool hasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), isControlCharacter);
}

}  // namespace citadel::model
