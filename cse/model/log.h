#pragma once
// A minimal leveled logger to stderr. Thread-safe (one write per line). Never log tokens, keys,
// PSKs or payloads: log their IDs.

#include <sstream>
#include <string_view>

namespace citadel::model {

enum class LogLevel : int { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3, kOff = 4 };

void setLogLevel(LogLevel level);
LogLevel logLevel();
// Parses "debug", "info", "warning", "error", "off".
bool parseLogLevel(std::string_view text, LogLevel* level);
void writeLogLine(LogLevel level, std::string_view line);

}  // namespace citadel::model

#define CITADEL_LOG(level, stream_expr)                                              \
  do {                                                                               \
    if (static_cast<int>(level) >= static_cast<int>(::citadel::model::logLevel())) { \
      std::ostringstream _citadel_log;                                               \
      _citadel_log << stream_expr;                                                   \
      ::citadel::model::writeLogLine(level, _citadel_log.str());                     \
    }                                                                                \
  } while (0)

#define LOG_DEBUG(x) CITADEL_LOG(::citadel::model::LogLevel::kDebug, x)
#define LOG_INFO(x) CITADEL_LOG(::citadel::model::LogLevel::kInfo, x)
#define LOG_WARN(x) CITADEL_LOG(::citadel::model::LogLevel::kWarning, x)
#define LOG_ERROR(x) CITADEL_LOG(::citadel::model::LogLevel::kError, x)
