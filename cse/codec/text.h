#pragma once
// The small text operations that several wire formats share: percent-decoding (RFC 3986 §2.1),
// splitting a joined list, trimming blanks and comparing names without case. One copy each, so
// that the HTTP and CoAP bindings and the codec agree on what "a%00b", "a++b" or " x\t" mean.
// Pure functions: no state, safe from any thread.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace citadel::codec {

// Decodes %XX escapes; every other byte is kept, and '+' stays '+' (TS-0009 §6.2.2.2 uses it as
// the list separator, not as a space). nullopt when a '%' is not followed by two hex digits, or
// when an escape decodes to NUL: a NUL would cut identifiers short in C APIs and logs, so no
// decoded text may hold one.
std::optional<std::string> percentDecode(std::string_view encoded);

// The non-empty elements of `text` joined with `separator` ("a+b++c" -> {"a", "b", "c"}; "" and
// "+" -> {}). Elements are not trimmed or decoded.
std::vector<std::string> splitList(std::string_view text, char separator);

// The value of one hexadecimal digit (either case), or -1 for any other byte.
int hexDigitValue(char c);

// ASCII case-insensitive equality, for header and media-type names (RFC 9110 §5.1).
bool equalsIgnoreCase(std::string_view a, std::string_view b);

// `text` without leading and trailing bytes from `blanks` (default: space and tab, the HTTP
// optional whitespace of RFC 9110 §5.6.3). A view into `text`.
std::string_view trim(std::string_view text, std::string_view blanks = " \t");

}  // namespace citadel::codec
