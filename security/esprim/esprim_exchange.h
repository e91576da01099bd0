#pragma once
// What the EsprimUnwrapStage keeps between decrypting an ESPrim object and protecting the
// answer (TS-0004 §7.6.2 steps J and L; TS-0003 §8.4.2 C.8: "the Receiver shall use the same
// sessionESPrimKey", with the same kid, ori and rri). Lives in the RequestContext of one request;
// the key is wiped when it is destroyed and never logged.

#include <string>

#include "cse/codec/content_format.h"

namespace citadel::security::esprim {

struct EsprimExchange {
  EsprimExchange() = default;
  EsprimExchange(const EsprimExchange&) = delete;
  EsprimExchange& operator=(const EsprimExchange&) = delete;
  ~EsprimExchange();  // wipes content_key

  std::string content_key;        // the AES-GCM key of the session (secret)
  // The protected response's header, encoded (responseProtectedHeader: alg, enc, kid, ori,
  // rri), and its enc.
  std::string encoded_response_header;
  std::string enc;
  codec::ContentFormat inner_format = codec::ContentFormat::kJson;
  // The outer NOTIFY's parameters its answer echoes (the inner ones travel encrypted).
  std::string outer_request_id;   // rqi
  std::string outer_release_version;  // rvi
  std::string outer_vendor_information;  // vsi
  std::string outer_event_category;      // ec
};

}  // namespace citadel::security::esprim
