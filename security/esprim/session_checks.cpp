#include "security/esprim/session_checks.h"

#include <algorithm>

#include "resources/e2e_sec_info.h"
#include "security/esprim/session_key.h"

namespace citadel::security::esprim {

using model::Json;
using model::Result;
using model::Status;

namespace {

constexpr size_t kMaxIdBytes = 128;
constexpr size_t kMaxAlgorithmIds = 8;

Status bad(const std::string& what) {
  return Status::badRequest("oro (originatorESPrimRandObject): " + what, "esprim.bad_oro");
}

bool isName(const Json& value) {
  return value.is_string() && value.get_ref<const std::string&>().size() <= kMaxIdBytes &&
         resources::isAsciiNcName(value.get_ref<const std::string&>());
}

bool isPositive(const Json& value) {
  return value.is_number_integer() && value.get<int64_t>() >= 1 &&
         value.get<int64_t>() <= 1000000;
}

bool contains(const std::vector<int>& list, int value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

Status unsupported(const std::string& what) {
  return Status(model::Rsc::kEsprimUnsupportedOption, what, "esprim.unsupported_option");
}

}  // namespace

Result<OriginatorRandObject> parseOriginatorRandObject(const Json& oro) {
  if (!oro.is_object() || oro.size() != 5) {
    return bad("expected exactly esri, esrv, esrx, esk and espa");
  }
  for (const char* name : {"esri", "esrv", "esrx", "esk", "espa"}) {
    if (!oro.contains(name)) return bad(std::string("'") + name + "' is missing");
  }
  if (!isName(oro["esri"]) || !isName(oro["esrv"])) {
    return bad("esri and esrv must be xs:NCName of 1 to 128 characters");
  }
  const Json& esrx = oro["esrx"];
  if (!esrx.is_string() || !model::parseTimestamp(esrx.get_ref<const std::string&>())) {
    return bad("esrx must be an absolute timestamp such as 20270101T000000");
  }
  if (!isPositive(oro["esk"])) {
    return bad("esk must be a positive integer");
  }
  const Json& espa = oro["espa"];
  if (!espa.is_array() || espa.empty() || espa.size() > kMaxAlgorithmIds ||
      !std::all_of(espa.begin(), espa.end(), isPositive)) {
    return bad("espa must be a list of 1 to 8 positive integers");
  }
  OriginatorRandObject object;
  object.id = oro["esri"].get<std::string>();
  object.value = oro["esrv"].get<std::string>();
  object.expiry = esrx.get<std::string>();
  object.key_gen_alg = oro["esk"].get<int>();
  for (const Json& id : espa) object.protocol_algs.push_back(id.get<int>());
  return object;
}

Status checkSessionParameters(const ReceiverRandObject& receiver,
                              const OriginatorRandObject& originator, std::string_view enc,
                              model::TimePoint now) {
  auto originator_expiry = model::parseTimestamp(originator.expiry);
  auto receiver_expiry = model::parseTimestamp(receiver.expiry);
  if (!originator_expiry || !receiver_expiry || *originator_expiry <= now ||
      *originator_expiry > *receiver_expiry) {
    return Status(model::Rsc::kEsprimUnknownOrigRandId,
                  "the originatorESPrimRandObject has expired or outlives the "
                  "receiverESPrimRandObject (TS-0003 §8.4.2 C.6b.2.i)",
                  "esprim.orig_rand_expired");
  }
  if (originator.key_gen_alg != kKeyGenHmacSha256 ||
      !contains(receiver.key_gen_algs, originator.key_gen_alg)) {
    return unsupported("esk must be one of the receiver's esks; this CSE supports 1 "
                       "(HMAC-SHA256)");
  }
  for (int id : originator.protocol_algs) {
    if (!contains(receiver.protocol_algs, id)) {
      return unsupported("the originator's espa must be a subset of the receiver's "
                         "(TS-0003 §8.4.2 C.6c.1)");
    }
  }
  int enc_id = protocolAlgIdOf(enc);
  if (enc_id == 0 || !contains(originator.protocol_algs, enc_id)) {
    return unsupported("the JWE enc must be one of the originator's espa (10 A128GCM, "
                       "11 A192GCM, 12 A256GCM)");
  }
  return Status::ok();
}

}  // namespace citadel::security::esprim
