#pragma once
// The configuration schema: every key is declared once, in one row of a per-component table
// (cse/engine/config_keys_<component>.cpp), with the Config field it sets, the kind of value it
// takes, its default and one line of help. The parser (config.cpp), `citadel --help` and
// citadel.conf.example (config_docs.cpp) all read these rows; nothing else names a key.
//
// Thread-safety: the tables are built once, on first use (function-local statics), and are
// read-only afterwards.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include "cse/engine/config.h"
#include "cse/model/status.h"

namespace citadel::engine {

struct ConfigKey {
  const char* name;           // "http.port": the file key and the --<name>=<value> option
  const char* default_value;  // as written in the file; equals what Config{} holds (tested)
  const char* description;    // one line for --help and the example file
  std::string values;         // accepted values for --help ("true|false", "1..256", ""=any text)
  // Parses `value`, checks it and stores it in its field. 4000 "config.bad_value" naming the
  // key when the value is malformed or out of range; `config` is then unchanged.
  std::function<model::Status(Config& config, const std::string& value)> apply;
  // The field's current value, written as the file would write it (the inverse of apply).
  std::function<std::string(const Config& config)> show;
};

struct ConfigSection {
  const char* title;  // "HTTP binding (TS-0009)"
  const char* note;   // a hint shown under the title ("" for none)
  std::vector<ConfigKey> keys;
};

// Every section in documentation order (the order of --help and of the example file).
const std::vector<ConfigSection>& configSections();
// Every key of every section, in the same order.
const std::vector<ConfigKey>& configKeys();
// The key declared as `name`, or nullptr when none is.
const ConfigKey* findConfigKey(const std::string& name);

// ---- Row builders for the tables. Each returns a complete ConfigKey. ----

// 4000 "config.bad_value": "config key '<key>': '<value>' is not <expected>".
model::Status badConfigValue(const std::string& key, const std::string& value,
                             const std::string& expected);

// Free text. `check` (optional) may normalise the value in place (strip a prefix) or reject it
// with a Status; `values` describes what it accepts, for --help.
using StringCheck = model::Status (*)(const std::string& key, std::string& value);
ConfigKey stringKey(const char* name, std::string Config::*field, const char* default_value,
                    const char* description, StringCheck check = nullptr, const char* values = "");
// Exactly "true" or "false" (the only forms ever accepted; "yes", "1", "on" are errors).
ConfigKey boolKey(const char* name, bool Config::*field, const char* default_value,
                  const char* description);
// One of `allowed`, case-sensitive; the error lists them ("IN, MN or ASN").
ConfigKey enumKey(const char* name, std::string Config::*field,
                  std::initializer_list<const char*> allowed, const char* default_value,
                  const char* description);
// "a, b" -> {"a", "b"}: blank items are dropped, so "" is the empty list.
ConfigKey listKey(const char* name, std::vector<std::string> Config::*field,
                  const char* default_value, const char* description);

// A decimal integer in [min, max]; `unit` ("ms", "s", "bytes" or "") is shown in --help and in
// the error. No max: the field type's largest value.
struct IntRange {
  int64_t min;
  uint64_t max = std::numeric_limits<uint64_t>::max();
  const char* unit = "";
};
// Defined for the field types Config uses: uint16_t, int, int64_t and uint64_t.
template <typename T>
ConfigKey intKey(const char* name, T Config::*field, IntRange range, const char* default_value,
                 const char* description);
// A TCP/UDP port, 0..65535 (0: pick a free one).
ConfigKey portKey(const char* name, uint16_t Config::*field, const char* default_value,
                  const char* description);

}  // namespace citadel::engine
