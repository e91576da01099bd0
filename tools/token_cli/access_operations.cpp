#include "tools/token_cli/access_operations.h"

#include <charconv>

namespace citadel::tools {
namespace {

constexpr std::string_view kLetters = "CRUDNX";  // bit i is letter i (TS-0004 §6.3.4.2.6)

}  // namespace

std::optional<uint8_t> parseOperationLetters(std::string_view letters, std::string_view allowed) {
  if (letters.empty()) {
    return std::nullopt;
  }
  uint8_t bits = 0;
  for (char c : letters) {
    size_t index = kLetters.find(c);
    if (index == std::string_view::npos || allowed.find(c) == std::string_view::npos) {
      return std::nullopt;
    }
    bits = static_cast<uint8_t>(bits | (1u << index));
  }
  return bits;
}

std::optional<uint8_t> parseAccessOperations(std::string_view text) {
  if (!text.empty() && text[0] >= '0' && text[0] <= '9') {
    unsigned value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 1 || value > 63) {
      return std::nullopt;
    }
    return static_cast<uint8_t>(value);
  }
  return parseOperationLetters(text, kLetters);
}

uint8_t acopBitForOperation(int64_t operation) {
  if (operation < 1 || operation > 5) {
    return 0;
  }
  return static_cast<uint8_t>(1u << (operation - 1));
}

std::string_view operationLetter(int64_t operation) {
  if (operation < 1 || operation > 5) {
    return "?";
  }
  return kLetters.substr(static_cast<size_t>(operation - 1), 1);
}

}  // namespace citadel::tools
