// The row builders of config_schema.h: how each kind of value is parsed, checked, stored and
// shown. The error texts here are the ones start-up prints ("config key 'x': 'v' is not ...").
#include <algorithm>
#include <charconv>
#include <utility>

#include "cse/codec/text.h"
#include "cse/engine/config_schema.h"

namespace citadel::engine {
namespace {

using model::Status;

// "a", "a or b", "a, b or c": how the errors list allowed values.
std::string oneOf(const std::vector<std::string>& allowed) {
  std::string text;
  for (size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) {
      text += i + 1 == allowed.size() ? " or " : ", ";
    }
    text += allowed[i];
  }
  return text;
}

// {"a", "b"} -> "a<separator>b": a list key's value as the file writes it, an enum's values.
std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (const auto& item : items) {
    text += (text.empty() ? "" : separator) + item;
  }
  return text;
}

// "a, b" -> {"a", "b"}: the list-valued keys (blank items dropped).
std::vector<std::string> splitCommaList(const std::string& text) {
  std::vector<std::string> items;
  for (const std::string& item : codec::splitList(text, ',')) {
    std::string_view trimmed = codec::trim(item);
    if (!trimmed.empty()) {
      items.emplace_back(trimmed);
    }
  }
  return items;
}

// "1..256" or ">= 2": the range as --help and the errors show it.
std::string rangeText(const IntRange& range, uint64_t type_max) {
  uint64_t max = std::min(range.max, type_max);
  return max == type_max ? ">= " + std::to_string(range.min)
                         : std::to_string(range.min) + ".." + std::to_string(max);
}

}  // namespace

Status badConfigValue(const std::string& key, const std::string& value,
                      const std::string& expected) {
  return Status::badRequest("config key '" + key + "': '" + value + "' is not " + expected,
                            "config.bad_value");
}

ConfigKey stringKey(const char* name, std::string Config::*field, const char* default_value,
                    const char* description, StringCheck check, const char* values) {
  return {name,
          default_value,
          description,
          values,
          [name, field, check](Config& c, const std::string& value) -> Status {
            std::string text = value;
            if (check != nullptr) {
              CITADEL_RETURN_IF_ERROR(check(name, text));
            }
            c.*field = std::move(text);
            return {};
          },
          [field](const Config& c) { return c.*field; }};
}

ConfigKey boolKey(const char* name, bool Config::*field, const char* default_value,
                  const char* description) {
  return {name,
          default_value,
          description,
          "true|false",
          [name, field](Config& c, const std::string& value) -> Status {
            if (value != "true" && value != "false") {
              return badConfigValue(name, value, "true or false");
            }
            c.*field = value == "true";
            return {};
          },
          [field](const Config& c) { return std::string(c.*field ? "true" : "false"); }};
}

ConfigKey enumKey(const char* name, std::string Config::*field,
                  std::initializer_list<const char*> allowed, const char* default_value,
                  const char* description) {
  std::vector<std::string> values(allowed.begin(), allowed.end());
  return {name,
          default_value,
          description,
          join(values, "|"),
          [name, field, values](Config& c, const std::string& value) -> Status {
            if (std::find(values.begin(), values.end(), value) == values.end()) {
              return badConfigValue(name, value, oneOf(values));
            }
            c.*field = value;
            return {};
          },
          [field](const Config& c) { return c.*field; }};
}

ConfigKey listKey(const char* name, std::vector<std::string> Config::*field,
                  const char* default_value, const char* description) {
  return {name,
          default_value,
          description,
          "comma-separated list",
          [field](Config& c, const std::string& value) -> Status {
            c.*field = splitCommaList(value);
            return {};
          },
          [field](const Config& c) { return join(c.*field, ","); }};
}

template <typename T>
ConfigKey intKey(const char* name, T Config::*field, IntRange range, const char* default_value,
                 const char* description) {
  std::string bounds = rangeText(range, std::numeric_limits<T>::max());
  bool has_unit = range.unit[0] != '\0';
  std::string shown = has_unit ? bounds + " " + range.unit : bounds;  // 1..60000 ms
  std::string expected =
      "an integer " + bounds + (has_unit ? " (" + std::string(range.unit) + ")" : "");
  return {name,
          default_value,
          description,
          shown,
          [name, field, range, expected](Config& c, const std::string& value) -> Status {
            T parsed{};
            auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
            if (ec != std::errc() || end != value.data() + value.size() ||
                std::cmp_less(parsed, range.min) || std::cmp_greater(parsed, range.max)) {
              return badConfigValue(name, value, expected);
            }
            c.*field = parsed;
            return {};
          },
          [field](const Config& c) { return std::to_string(c.*field); }};
}

template ConfigKey intKey<uint16_t>(const char*, uint16_t Config::*, IntRange, const char*,
                                    const char*);
template ConfigKey intKey<int>(const char*, int Config::*, IntRange, const char*, const char*);
template ConfigKey intKey<int64_t>(const char*, int64_t Config::*, IntRange, const char*,
                                   const char*);
template ConfigKey intKey<uint64_t>(const char*, uint64_t Config::*, IntRange, const char*,
                                    const char*);

ConfigKey portKey(const char* name, uint16_t Config::*field, const char* default_value,
                  const char* description) {
  ConfigKey key = intKey(name, field, {0, 65535}, default_value, description);
  key.values = "port 0..65535";
  return key;
}

}  // namespace citadel::engine
