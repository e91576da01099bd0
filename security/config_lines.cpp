#include "security/config_lines.h"

namespace citadel::security {

model::Status forEachConfigLine(
    std::string_view text,
    const std::function<model::Status(size_t line, const std::vector<std::string_view>& fields)>&
        on_line) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  std::vector<std::string_view> fields;
  size_t line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    fields.clear();
    size_t position = 0;
    while (position < line.size()) {
      while (position < line.size() && blank(line[position])) ++position;
      size_t start = position;
      while (position < line.size() && !blank(line[position])) ++position;
      if (position > start) fields.push_back(line.substr(start, position - start));
    }
    if (fields.empty()) continue;
    if (model::Status status = on_line(line_number, fields); !status.isOk()) return status;
  }
  return {};
}

}  // namespace citadel::security
