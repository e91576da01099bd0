#pragma once
// The shape of m2m:e2eSecInfo (TS-0004 §6.3.5.52; short names Table 8.2.3: esf, escert, esro)
// and of the m2m:receiverESPrimRandObject it may carry (§6.3.5.51: esri, esrv, esrx, esks,
// espa), for the `esi` attribute an <AE> may set (TS-0001 §9.6.5) and for the rand objects
// ESPrim reads (security/esprim/).
//
// Only the members the type defines, each with its type; bounded so that an attribute cannot
// become a store of its own: esf 1..32 SUIDs (TS-0004 §6.3.4.2.39 values), escert at most 8
// non-empty base64 strings of at most 16 KiB, esri/esrv 1..128 bytes of xs:NCName, esks/espa
// 1..8 positive integers.

#include <string_view>

#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::resources {

// True for an xs:NCName of ASCII letters, digits, '.', '-', '_' not starting with a digit, '.'
// or '-' (the non-ASCII name characters are not accepted here).
bool isAsciiNcName(std::string_view text);

// OK, or 4000 "validate.wrong_type" whose dbg names `where` and the member that is wrong.
model::Status checkE2eSecInfo(const model::Json& value, std::string_view where);
model::Status checkReceiverRandObject(const model::Json& value, std::string_view where);

}  // namespace citadel::resources
