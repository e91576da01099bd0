#include "security/esprim/rand_object.h"

namespace citadel::security::esprim {

model::Json toJson(const ReceiverRandObject& object) {
  return {{"esri", object.id},
          {"esrv", object.value},
          {"esrx", object.expiry},
          {"esks", object.key_gen_algs},
          {"espa", object.protocol_algs}};
}

model::Json toJson(const OriginatorRandObject& object) {
  return {{"esri", object.id},
          {"esrv", object.value},
          {"esrx", object.expiry},
          {"esk", object.key_gen_alg},
          {"espa", object.protocol_algs}};
}

// RFC 8785 for these objects: nlohmann's object is a std::map, so members come out sorted by
// their UTF-8 bytes, which for ASCII names is the UTF-16 order RFC 8785 §3.2.3 asks for; dump()
// without indentation writes no whitespace, integers in decimal and strings with the minimal
// escapes of RFC 8785 §3.2.2.2 (lowercase \u00xx for other control characters, UTF-8 kept).
std::string canonicalBytes(const ReceiverRandObject& object) { return toJson(object).dump(); }

std::string canonicalBytes(const OriginatorRandObject& object) { return toJson(object).dump(); }

}  // namespace citadel::security::esprim
