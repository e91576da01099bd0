#include "resources/simple_data_types.h"

namespace citadel::resources {

bool isToken(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.find("  ") != std::string_view::npos) {
    return false;
  }
  return s.find_first_of("\r\n\t") == std::string_view::npos;
}

}  // namespace citadel::resources
