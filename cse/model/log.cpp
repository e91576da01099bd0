#include "cse/model/log.h"

#include <atomic>
#include <cstdio>
#include <string>

#include "cse/model/clock.h"
#include "cse/model/control_characters.h"

namespace citadel::model {
namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
constexpr const char* kNames[] = {"DEBUG", "INFO", "WARN", "ERROR", "OFF"};
}  // namespace

void setLogLevel(LogLevel level) { g_level.store(static_cast<int>(level)); }
LogLevel logLevel() { return static_cast<LogLevel>(g_level.load(std::memory_order_relaxed)); }

bool parseLogLevel(std::string_view text, LogLevel* level) {
  if (text == "debug") *level = LogLevel::kDebug;
  else if (text == "info") *level = LogLevel::kInfo;
  else if (text == "warning" || text == "warn") *level = LogLevel::kWarning;
  else if (text == "error") *level = LogLevel::kError;
  else if (text == "off") *level = LogLevel::kOff;
  else return false;
  return true;
}

std::string logSafe(std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out.append("\\\\");
    } else if (isControlCharacter(c)) {
      auto byte = static_cast<unsigned char>(c);
      out.append("\\x").push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void writeLogLine(LogLevel level, std::string_view line) {
  std::string out = formatTimestamp(std::chrono::system_clock::now());
  out.append(" ").append(kNames[static_cast<int>(level)]).append(" ");
  // The last line of defence: a value logged without logSafe() still cannot break the line.
  // Backslashes are left alone here, so values already escaped by logSafe() read the same.
  for (char c : line) {
    if (isControlCharacter(c)) {
      out.append(logSafe(std::string_view(&c, 1)));
    } else {
      out.push_back(c);
    }
  }
  out.append("\n");
  std::fwrite(out.data(), 1, out.size(), stderr);
}

}  // namespace citadel::model
