#include "cse/codec/utf8.h"

namespace citadel::codec {

bool isValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char c = byte(i);
    size_t length = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xe  ? 3
                    : (c >> 3) == 0x1e ? 4
                                       : 0;
    if (length == 0 || i + length > text.size()) {
      return false;
    }
    for (size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xc0) != 0x80) {
        return false;
      }
    }
    unsigned char second = length > 1 ? byte(i + 1) : 0;
    if ((length == 2 && c < 0xc2) || (length == 3 && c == 0xe0 && second < 0xa0) ||
        (length == 3 && c == 0xed && second >= 0xa0) ||
        (length == 4 && c == 0xf0 && second < 0x90) ||
        (length == 4 && (c > 0xf4 || (c == 0xf4 && second >= 0x90)))) {
      return false;
    }
    i += length;
  }
  return true;
}

}  // namespace citadel::codec
