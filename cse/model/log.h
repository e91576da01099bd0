#pragma once
// A minimal leveled logger to stderr. Thread-safe (one write per line). Never log tokens, keys,
// PSKs or payloads: log their IDs. Values from a request (rqi, fr, to, topics) go through
// logSafe(), and writeLogLine() escapes whatever control character is left, so one log line is
// always one line (issue 15 #14).

#include <sstream>
#include <string>
#include <string_view>

namespace citadel::model {

enum class LogLevel : int { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3, kOff = 4 };

void setLogLevel(LogLevel level);
LogLevel logLevel();
// Parses "debug", "info", "warning", "error", "off".
bool parseLogLevel(std::string_view text, LogLevel* level);
// Writes "<timestamp> <LEVEL> <line>\n", control characters of `line` escaped as by logSafe().
void writeLogLine(LogLevel level, std::string_view line);
// `value` with each control character (0x00–0x1F, 0x7F) written as \xNN and each backslash as
// \\, so that an escaped value cannot pass for another: for request-controlled values in logs.
std::string logSafe(std::string_view value);

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
