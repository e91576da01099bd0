#pragma once
// The ESPrim rand objects (TS-0003 §8.4.3.1.1/§8.4.3.1.2, TS-0004 §6.3.5.50/§6.3.5.51) and the
// byte serialization they have inside the sessionESPrimKey HMAC. The text leaves that
// serialization open (spec digest security.md §11 q1); our choice, documented in
// security/esprim/README.md so that another implementation can interoperate:
//
//   the JSON Canonicalization Scheme (RFC 8785) of the object's short-name JSON form, holding
//   exactly its five members: {"esks":[..],"espa":[..],"esri":"..","esrv":"..","esrx":".."}
//   for a receiver object, {"esk":1,"espa":[..],"esri":"..","esrv":"..","esrx":".."} for an
//   originator object (members sorted, no whitespace, UTF-8, integers in decimal).
//
// esrx enters as the string the object carries (an absolute timestamp such as
// "20261206T180000"); a relative timestamp given as a JSON number enters as its decimal digits.

#include <cstdint>
#include <string>
#include <vector>

#include "cse/model/json.h"

namespace citadel::security::esprim {

// m2m:esprimKeyGenAlgID (TS-0004 §6.3.4.2.40).
inline constexpr int kKeyGenHmacSha256 = 1;
// m2m:esprimProtocolAndAlgID (TS-0004 §6.3.4.2.41): JWE compact with enc A128/A192/A256GCM.
inline constexpr int kJweA128Gcm = 10;
inline constexpr int kJweA192Gcm = 11;
inline constexpr int kJweA256Gcm = 12;

// m2m:receiverESPrimRandObject.
struct ReceiverRandObject {
  std::string id;                 // esri (xs:NCName)
  std::string value;              // esrv (128 random bits, as text)
  std::string expiry;             // esrx (m2m:absRelTimestamp)
  std::vector<int> key_gen_algs;  // esks
  std::vector<int> protocol_algs; // espa
};

// m2m:originatorESPrimRandObject.
struct OriginatorRandObject {
  std::string id;                 // esri
  std::string value;              // esrv
  std::string expiry;             // esrx
  int key_gen_alg = kKeyGenHmacSha256;  // esk
  std::vector<int> protocol_algs;       // espa
};

// The short-name JSON form, as carried in `ero`/`esro` and in the JWE header members rro/oro.
model::Json toJson(const ReceiverRandObject& object);
model::Json toJson(const OriginatorRandObject& object);

// The HMAC-input bytes (RFC 8785 canonical JSON, see the file comment). Pure; thread-safe.
std::string canonicalBytes(const ReceiverRandObject& object);
std::string canonicalBytes(const OriginatorRandObject& object);

}  // namespace citadel::security::esprim
