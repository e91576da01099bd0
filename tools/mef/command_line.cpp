#include "tools/mef/command_line.h"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "cse/model/log.h"

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

model::Status readTlsServerFiles(const ParsedArgs& parsed, std::string* certificate,
                                 std::string* private_key, std::string* ca_file) {
  const std::string* given[] = {parsed.value("tls.certificate"), parsed.value("tls.privateKey"),
                                parsed.value("tls.caFile")};
  if (!given[0] && !given[1] && !given[2]) return {};
  if (!given[0] || !given[1] || !given[2]) {
    return badOption("--tls.certificate, --tls.privateKey and --tls.caFile go together");
  }
  *certificate = *given[0];
  *private_key = *given[1];
  *ca_file = *given[2];
  return {};
}

model::Status readLogLevel(const ParsedArgs& parsed, std::string* level) {
  const std::string* given = parsed.value("log.level");
  if (given == nullptr) return {};
  model::LogLevel parsed_level;
  if (!model::parseLogLevel(*given, &parsed_level)) {
    return badOption("--log.level: expected debug, info, warning or error");
  }
  *level = *given;
  return {};
}

model::Status parseHostPort(std::string_view option, std::string_view text, std::string* host,
                            uint16_t* port) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return badOption("--" + std::string(option) + ": expected host:port");
  }
  std::string_view name = text.substr(0, colon);
  if (name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
  CITADEL_ASSIGN_OR_RETURN(*port, parsePort(option, text.substr(colon + 1)));
  *host = std::string(name);
  return {};
}

std::string checkPrivateDataDir(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return "";
    return path + ": " + std::strerror(errno);
  }
  if (!S_ISDIR(info.st_mode)) return path + " is not a directory";
  if ((info.st_mode & 077) != 0) {
    return "data directory " + path + " is open to group or others: it holds keys (chmod 700 " +
           path + ")";
  }
  return "";
}

}  // namespace citadel::tools::mef
