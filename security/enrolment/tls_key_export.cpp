#include "security/enrolment/tls_key_export.h"

#include <openssl/ssl.h>

#include "security/enrolment/enrolment_keys.h"

namespace citadel::security::enrolment {

model::Result<std::string> exportKeyingMaterial(ssl_st* ssl, std::string_view label) {
  std::string out(kExportedBytes, '\0');
  // use_context = 0: TS-0003 §10.3.1 defines no context, and in TLS 1.2 "no context" and "empty
  // context" differ (RFC 5705 §4), so both ends must agree on none.
  int exported = SSL_export_keying_material(
      ssl, reinterpret_cast<unsigned char*>(out.data()), out.size(), label.data(), label.size(),
      nullptr, 0, 0);
  if (exported != 1) {
    return model::Status::internal("the TLS key export failed", "enrolment.export_failed");
  }
  return out;
}

}  // namespace citadel::security::enrolment
