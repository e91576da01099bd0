#pragma once
// The command line of citadel-das (see dasHelpText()), parsed and checked before anything
// starts, so that every error is one line naming the option.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cse/model/status.h"

namespace citadel::tools::das {

struct DasOptions {
  std::string http_address = "127.0.0.1";     // --http.address
  uint16_t http_port = 8090;                  // --http.port (0: ephemeral)
  std::string coap_address = "127.0.0.1";     // --coap.address
  std::optional<uint16_t> coap_port;          // --coap.port (CoAP off when absent)
  std::string mqtt_broker;                    // --mqtt.broker (MQTT off when empty)
  std::string mqtt_id = "das";                // --mqtt.id: the receiver ID in request topics
  std::string issuer;                         // --issuer (iss of issued tokens)
  std::string algorithm = "ES256";            // --alg
  std::string key_source;                     // --key (signing_key.h)
  std::vector<std::string> audience;          // --audience, repeatable (aud)
  std::string sp_id = "citadel.example.com";  // --sp-id
  std::vector<std::string> allow;             // --allow, repeatable: CSE-IDs answered
  std::string policy_path;                    // --policy
  std::string log_level = "info";             // --log.level
  bool show_help = false;                     // --help
};

// Parses `args` (argv without the program name). 4000 "das.bad_option" with a dbg starting with
// the option ("--http.port: expected 0..65535", "unknown option --foo") for an unknown,
// value-less, empty or repeated single-valued option, a bad port, --alg, --log.level or
// --mqtt.id (no '/', '+', '#'), a missing --policy or --allow, --issuer without --key or the
// reverse, and --mqtt.id without --mqtt.broker.
model::Result<DasOptions> parseDasCommandLine(const std::vector<std::string>& args);

std::string dasHelpText();

}  // namespace citadel::tools::das
