#pragma once
// The command line of citadel-esdata (see esdataHelpText()): protect a value (ESData, TS-0003
// §8.5) for storing it in a CSE, or open one read from a CSE. Kept apart from main.cpp so that
// every option error is unit-tested.

#include <string>
#include <vector>

#include "cse/model/status.h"

namespace citadel::tools {

// A symmetric key named on the command line as KID:FILE (the key in hex, alone in a file only
// its owner may read).
struct NamedKeyFile {
  std::string kid;
  std::string file;
};

struct EsdataOptions {
  bool protect = false;  // "protect"; else "open"
  // protect
  std::vector<NamedKeyFile> encrypt;  // --encrypt=KID:FILE (at most one)
  std::vector<NamedKeyFile> sign;     // --sign=KID:FILE, HS256 (at most one)
  std::string certificate;            // --cert: sign ES256 with this certificate...
  std::string certificate_key;        // --cert-key: ...and its private key
  std::string alg = "A256KW";         // --alg: dir, A128KW, A256KW
  std::string enc = "A256GCM";        // --enc: A128GCM, A256GCM
  // open
  std::vector<NamedKeyFile> keys;     // --key=KID:FILE, repeatable
  std::string ca_file;                // --ca: anchors for ES256 signers' certificates
  bool require_signature = false;     // --require-signature
  std::string input;                  // --in: the value or envelope ("": standard input)
  bool help = false;
};

// 4000 "tool.bad_option" naming the option first: an unknown option or command, a value-less or
// empty one, KID:FILE without both, protect without --encrypt or a signer, --sign with --cert,
// --cert without --cert-key, open options with protect and the reverse, a bad --alg or --enc.
model::Result<EsdataOptions> parseEsdataCommandLine(const std::vector<std::string>& args);

std::string esdataHelpText();

}  // namespace citadel::tools
