#include "tools/mef/command_line.h"

#include <charconv>

namespace citadel::tools::mef {
namespace {

model::Status badOption(std::string dbg) {
  return model::Status::badRequest(std::move(dbg), "mef.bad_option");
}

}  // namespace

model::Result<ParsedArgs> splitArgs(const std::vector<std::string>& args,
                                    const std::set<std::string, std::less<>>& valued,
                                    const std::set<std::string, std::less<>>& flags) {
  ParsedArgs parsed;
  for (const std::string& arg : args) {
    if (!arg.starts_with("--")) {
      parsed.positional.push_back(arg);
      continue;
    }
    size_t equals = arg.find('=');
    std::string name = arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
    if (!valued.contains(name) && !flags.contains(name)) {
      return badOption("unknown option --" + name + " (see --help)");
    }
    if (parsed.values.contains(name) || parsed.flags.contains(name)) {
      return badOption("--" + name + ": given twice");
    }
    if (flags.contains(name)) {
      if (equals != std::string::npos) return badOption("--" + name + ": takes no value");
      parsed.flags.insert(name);
      continue;
    }
    if (equals == std::string::npos || equals + 1 == arg.size()) {
      return badOption("--" + name + ": expects a value (--" + name + "=…)");
    }
    parsed.values.emplace(name, arg.substr(equals + 1));
  }
  return parsed;
}

model::Result<uint16_t> parsePort(std::string_view option, std::string_view text) {
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value > 65535) {
    return badOption("--" + std::string(option) + ": expected a port 0..65535");
  }
  return static_cast<uint16_t>(value);
}

model::Result<int64_t> parseSeconds(std::string_view option, std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0 ||
      value > int64_t{10} * 366 * 86400) {
    return badOption("--" + std::string(option) + ": expected seconds, 1 to ten years");
  }
  return value;
}

}  // namespace citadel::tools::mef
