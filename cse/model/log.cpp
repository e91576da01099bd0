#include "cse/model/log.h"

#include <atomic>
#include <cstdio>
#include <string>

#include "cse/model/clock.h"

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

void writeLogLine(LogLevel level, std::string_view line) {
  std::string out = formatTimestamp(std::chrono::system_clock::now());
  out.append(" ").append(kNames[static_cast<int>(level)]).append(" ").append(line).append("\n");
  std::fwrite(out.data(), 1, out.size(), stderr);
}

}  // namespace citadel::model
