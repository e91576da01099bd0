#pragma once
// The accessControlOperations bits (acop, TS-0004 §6.3.4.2.6) as the tools spell them: letters
// C R U D N (and X for DISCOVERY where a tool allows it), or the decimal bit mask itself.

#include <cstdint>
#include <optional>
#include <string_view>

namespace citadel::tools {

// The bit mask of `letters` ("RU" -> 6), each letter one of `allowed` (a subset of "CRUDNX").
// nullopt when empty or when a character is not in `allowed`. Repeated letters are harmless.
std::optional<uint8_t> parseOperationLetters(std::string_view letters, std::string_view allowed);

// A bit mask as the CLI takes it: letters of CRUDNX, or a decimal number 1..63.
std::optional<uint8_t> parseAccessOperations(std::string_view text);

// The acop bit of a request's op (TS-0004 §6.3.4.2.5): 1 CREATE -> 1, 2 RETRIEVE -> 2,
// 3 UPDATE -> 4, 4 DELETE -> 8, 5 NOTIFY -> 16. 0 for any other value.
uint8_t acopBitForOperation(int64_t operation);

// The letter of a request's op (1..5 -> "C".."N"), "?" otherwise; for log lines.
std::string_view operationLetter(int64_t operation);

}  // namespace citadel::tools
