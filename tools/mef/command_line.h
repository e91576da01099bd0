#pragma once
// The "--name=value" / "--flag" command lines of citadel-mef and citadel-mef-client, split and
// checked against a list of known options before anything starts.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/status.h"

namespace citadel::tools::mef {

struct ParsedArgs {
  std::vector<std::string> positional;                      // arguments not starting with "--"
  std::map<std::string, std::string, std::less<>> values;   // --name=value
  std::set<std::string, std::less<>> flags;                 // --flag
};

// 4000 "mef.bad_option" ("unknown option --foo", "--port: given twice", "--port: expects a
// value", "--help: takes no value") for an option not in `valued` or `flags`, a repeat, or a
// missing/extra value.
model::Result<ParsedArgs> splitArgs(const std::vector<std::string>& args,
                                    const std::set<std::string, std::less<>>& valued,
                                    const std::set<std::string, std::less<>>& flags);

// A port 0..65535; 4000 "mef.bad_option" naming `option`.
model::Result<uint16_t> parsePort(std::string_view option, std::string_view text);
// A positive number of seconds up to ten years; 4000 "mef.bad_option" naming `option`.
model::Result<int64_t> parseSeconds(std::string_view option, std::string_view text);

}  // namespace citadel::tools::mef
