#include "resources/simple_data_types.h"

namespace citadel::resources {
namespace {

// RFC 6838 §4.2 restricted-name: 1..127 characters, the first alphanumeric.
bool isRestrictedName(std::string_view s) {
  if (s.empty() || s.size() > 127) {
    return false;
  }
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || std::string_view("!#$&-^_.+").find(c) == std::string_view::npos)) {
      return false;
    }
  }
  return true;
}

// One decimal digit in [0, max].
bool isDigitUpTo(std::string_view s, char max) {
  return s.size() == 1 && s[0] >= '0' && s[0] <= max;
}

}  // namespace

bool isToken(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.find("  ") != std::string_view::npos) {
    return false;
  }
  return s.find_first_of("\r\n\t") == std::string_view::npos;
}

bool isSerialization(std::string_view s) {
  if (s == "xml" || s == "json" || s == "cbor") {
    return true;
  }
  for (std::string_view media_type : kCseSerializations) {
    if (s == media_type) {
      return true;
    }
  }
  return false;
}

bool isContentInfo(std::string_view s) {
  size_t slash = s.find('/');
  size_t colon = s.find(':');
  if (slash == std::string_view::npos || colon == std::string_view::npos || slash > colon) {
    return false;
  }
  if (!isRestrictedName(s.substr(0, slash)) ||
      !isRestrictedName(s.substr(slash + 1, colon - slash - 1))) {
    return false;
  }
  std::string_view rest = s.substr(colon + 1);
  size_t second = rest.find(':');
  if (second == std::string_view::npos) {
    return isDigitUpTo(rest, '2');
  }
  // "If the m2m:contentSecurity value is not present, then the preceding ':' shall also be not
  // present" (Table 6.3.3-1): an empty last part is refused with the rest.
  return isDigitUpTo(rest.substr(0, second), '2') && isDigitUpTo(rest.substr(second + 1), '5');
}

}  // namespace citadel::resources
