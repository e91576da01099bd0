#pragma once
// citadel-mef-client's EST verbs (cacerts, enrol, reenrol): one call into
// security/mef_client/est_client.h each, and the files they write (keys 0600, written to a
// temporary name and renamed, so a crash leaves the old file or the new one, never half).

#include "tools/mef/client_options.h"

namespace citadel::tools::mef {

// Runs command.verb; prints what it did on stdout. The exit status: 0 done (or, for reenrol,
// not due yet), 1 the MEF or the network failed or refused, 2 a file could not be read or
// written.
int runEstCommand(const ClientCommand& command);

}  // namespace citadel::tools::mef
