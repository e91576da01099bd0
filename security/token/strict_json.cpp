#include "security/token/strict_json.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace citadel::security::token {
namespace {

// Thrown from the parser callback to stop at the first violation; caught below, never leaves
// this file.
struct Refused {};

bool isJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A string of printable ASCII without escapes ("…"), starting at text[at] == '"'. Anything
// else (an escape, a control character, a non-ASCII byte) is left to the full parser.
std::optional<std::string_view> plainString(std::string_view text, size_t& at) {
  if (at >= text.size() || text[at] != '"') return std::nullopt;
  size_t start = ++at;
  for (; at < text.size(); ++at) {
    auto c = static_cast<unsigned char>(text[at]);
    if (c == '"') return text.substr(start, at++ - start);
    if (c == '\\' || c < 0x20 || c > 0x7e) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

namespace detail {

std::optional<model::Json> parseFlatStringObject(std::string_view text) {
  size_t at = 0;
  auto skipSpace = [&] {
    while (at < text.size() && isJsonSpace(text[at])) ++at;
  };
  skipSpace();
  if (at >= text.size() || text[at] != '{') return std::nullopt;
  ++at;
  model::Json object = model::Json::object();
  skipSpace();
  if (at < text.size() && text[at] == '}') {
    ++at;
  } else {
    while (true) {
      skipSpace();
      std::optional<std::string_view> name = plainString(text, at);
      skipSpace();
      if (!name || at >= text.size() || text[at] != ':') return std::nullopt;
      ++at;
      skipSpace();
      std::optional<std::string_view> value = plainString(text, at);
      if (!value || object.contains(*name)) return std::nullopt;  // a duplicate: full parser
      object.emplace(std::string(*name), std::string(*value));
      skipSpace();
      if (at >= text.size()) return std::nullopt;
      if (text[at] == '}') {
        ++at;
        break;
      }
      if (text[at] != ',') return std::nullopt;
      ++at;
    }
  }
  skipSpace();
  if (at != text.size()) return std::nullopt;
  return object;
}

model::Json parseStrictJsonObjectFully(std::string_view text, int max_depth) {
  // The member names seen so far in each open object, innermost last.
  std::vector<std::set<std::string, std::less<>>> open_objects;
  auto check = [&](int depth, model::Json::parse_event_t event, model::Json& parsed) {
    using Event = model::Json::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        // `depth` counts the containers already open around this one.
        if (depth + 1 > max_depth) {
          throw Refused{};
        }
        if (event == Event::object_start) {
          open_objects.emplace_back();
        }
        break;
      case Event::object_end:
        open_objects.pop_back();
        break;
      case Event::key:
        if (open_objects.empty() || !open_objects.back().insert(parsed.get<std::string>()).second) {
          throw Refused{};
        }
        break;
      default:
        break;
    }
    return true;
  };
  try {
    model::Json value = model::Json::parse(text.begin(), text.end(), check,
                                           /*allow_exceptions=*/true, /*ignore_comments=*/false);
    return value.is_object() ? value : model::Json();
  } catch (const Refused&) {
    return model::Json();
  } catch (const model::Json::exception&) {
    return model::Json();
  } catch (...) {
    return model::Json();  // e.g. bad_alloc: a token we cannot read is a token we refuse
  }
}

}  // namespace detail

model::Json parseStrictJsonObject(std::string_view text, int max_depth) {
  if (max_depth >= 1) {
    if (std::optional<model::Json> flat = detail::parseFlatStringObject(text)) {
      return std::move(*flat);
    }
  }
  return detail::parseStrictJsonObjectFully(text, max_depth);
}

}  // namespace citadel::security::token
