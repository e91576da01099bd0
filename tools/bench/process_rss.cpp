#include "tools/bench/process_rss.h"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace citadel::tools {

std::optional<uint64_t> parseVmRssKib(std::string_view status_text) {
  constexpr std::string_view kKey = "VmRSS:";
  size_t line_start = 0;
  while (line_start < status_text.size()) {
    size_t line_end = status_text.find('\n', line_start);
    if (line_end == std::string_view::npos) {
      line_end = status_text.size();
    }
    std::string_view line = status_text.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    if (line.substr(0, kKey.size()) != kKey) {
      continue;
    }
    line.remove_prefix(kKey.size());
    const size_t digits = line.find_first_not_of(" \t");
    if (digits == std::string_view::npos) {
      return std::nullopt;
    }
    line.remove_prefix(digits);
    uint64_t kib = 0;
    const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), kib);
    const std::string_view unit(end, static_cast<size_t>(line.data() + line.size() - end));
    if (ec != std::errc() || unit != " kB") {
      return std::nullopt;
    }
    return kib;
  }
  return std::nullopt;
}

std::optional<uint64_t> readVmRssKib(int64_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/status");
  if (!file) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << file.rdbuf();
  return parseVmRssKib(text.str());
}

}  // namespace citadel::tools
