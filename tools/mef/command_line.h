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

  // The value of --name, or nullptr when it was not given.
  const std::string* value(std::string_view name) const {
    auto it = values.find(name);
    return it == values.end() ? nullptr : &it->second;
  }
};

// 4000 "mef.bad_option" ("unknown option --foo", "--port: given twice", "--port: expects a
// value", "--help: takes no value") for an option not in `valued` or `flags`, a repeat, or a
// missing/extra value.
model::Result<ParsedArgs> splitArgs(const std::vector<std::string>& args,
                                    const std::set<std::string, std::less<>>& valued,
                                    const std::set<std::string, std::less<>>& flags);

// --tls.certificate, --tls.privateKey and --tls.caFile (a server's certificate handshake), all
// three or none: 4000 "mef.bad_option" otherwise.
model::Status readTlsServerFiles(const ParsedArgs& parsed, std::string* certificate,
                                 std::string* private_key, std::string* ca_file);
// --log.level into *level when given: 4000 "mef.bad_option" unless debug, info, warning, error.
model::Status readLogLevel(const ParsedArgs& parsed, std::string* level);

// "host:port" (the host a name or IPv4 address; "[v6]:port" for IPv6) into *host and *port;
// 4000 "mef.bad_option" naming `option`.
model::Status parseHostPort(std::string_view option, std::string_view text, std::string* host,
                            uint16_t* port);
// A port 0..65535; 4000 "mef.bad_option" naming `option`.
model::Result<uint16_t> parsePort(std::string_view option, std::string_view text);
// A positive number of seconds up to ten years; 4000 "mef.bad_option" naming `option`.
model::Result<int64_t> parseSeconds(std::string_view option, std::string_view text);

// "" when `path` is absent (RocksDB creates it, 0700 under the programs' umask) or a directory
// closed to group and others; otherwise what is wrong, naming the path. The MEF's and the MAF's
// data directories hold keys.
std::string checkPrivateDataDir(const std::string& path);

}  // namespace citadel::tools::mef
