#pragma once
// The command line of citadel-esprim (see esprimHelpText()): which CSE, as whom, with which
// pairwise ESPrim key, and the request to protect. Kept apart from main.cpp so that every option
// error is unit-tested without a CSE.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cse/model/json.h"
#include "cse/model/request.h"
#include "cse/model/status.h"

namespace citadel::tools {

struct EsprimOptions {
  std::string cse;                    // --cse: http://host:port, coap://host:port, mqtt://host:port
  std::string cse_base = "cse-in";    // --cse-base: the <CSEBase> the outer NOTIFY goes to
  std::string cse_id = "id-in";       // --cse-id: the Receiver's CSE-ID (MQTT topics)
  std::string from;                   // --from: the originator, bound to the key on the CSE
  std::string key_id;                 // --key-id: the pairwiseESPrimKeyID (kid)
  std::string key_file;               // --key-file: the key, hex, alone in a file (mode 0600)
  // OP "escertke": establish the key by ESCertKE (TS-0003 §8.7) instead of sending a request;
  // it is written to --key-file (created, mode 0600) and its ID printed.
  bool escertke = false;
  std::string certificate;            // --cert: our AE-ID certificate (PEM)
  std::string certificate_key;        // --cert-key: its private key (PEM)
  std::string ca_file;                // --ca: anchors the CSE's certificate must chain to
  std::string cse_identity;           // --cse-identity: the subjectAltName URI it must have
  std::string enc = "A256GCM";        // --enc
  std::chrono::milliseconds timeout{5000};  // --timeout (seconds)
  // --shared-rand: use the CSE's shared receiverESPrimRandObject (esi.esro of the <CSEBase>,
  // read with a RETRIEVE) instead of asking for one of our own (NOTIFY sit 3).
  bool shared_rand = false;
  // The request to protect: OP TARGET and its parameters.
  model::Operation operation = model::Operation::kRetrieve;
  bool discovery = false;             // "discover": RETRIEVE with filter criteria (fu 1 default)
  std::string target;                 // TARGET: the inner `to`
  std::optional<uint16_t> resource_type;  // --ty (create)
  model::Json content;                // --content (create, update): the resource, JSON
  std::optional<int> result_content;  // --rcn
  model::Json filter_criteria;        // --fc (discover): JSON object; default {"fu": 1}
  bool help = false;
};

// Longest option value accepted (content included): ESPrim objects are bounded well below it.
inline constexpr size_t kMaxEsprimOptionBytes = 64 * 1024;

// Parses `args` (argv without the program name). 4000 "tool.bad_option" with a one-line dbg that
// starts with the offending option for: an unknown option, a value-less or repeated option, an
// empty or oversized value, a --cse that is not http://, coap:// or mqtt://, a bad --enc,
// --timeout, --ty or --rcn, --content or --fc that is not a JSON object, an unknown operation,
// a missing TARGET, --shared-rand with a value, --ty without create, --content without
// create/update, or a missing --cse, --from, --key-id or --key-file; for escertke: a missing
// --cert, --cert-key, --ca or --cse-identity, or request options with it.
model::Result<EsprimOptions> parseEsprimCommandLine(const std::vector<std::string>& args);

// The key in `path`: one line of hex (16, 24 or 32 bytes), nothing else, read with
// security::loadKeyFile (at most 4 KiB, wiped after use). 4000 when the file is readable by
// group or others (like ssh, a key others may read is refused), unreadable, or not such a key;
// the dbg never contains the file's text.
model::Result<std::string> readKeyFile(const std::string& path);

// The inner request the options describe (rqi drawn by the caller).
model::Request innerRequest(const EsprimOptions& options, std::string request_id);

std::string esprimHelpText();

}  // namespace citadel::tools
