#pragma once
// The TLS key exports of TS-0003 §10.3.1 (RFC 5705 / RFC 8446 §7.5): both ends of a finished
// (D)TLS handshake call the same function and obtain the same 48 bytes. No context value is
// used (TS-0003 names none). Thread-safety: as SSL_export_keying_material on one SSL object.

#include <string>
#include <string_view>

#include "cse/model/status.h"

struct ssl_st;

namespace citadel::security::enrolment {

// TS-0003 §10.3.1 labels.
inline constexpr std::string_view kBootstrapExporterLabel = "EXPORTER-oneM2M-Bootstrap";
inline constexpr std::string_view kConnectionExporterLabel = "EXPORTER-oneM2M-Connection";
inline constexpr std::string_view kEscertkeExporterLabel = "EXPORTER-oneM2M-ESCertKE";

// 48 bytes exported from `ssl` (a finished handshake) under `label`. 5000
// "enrolment.export_failed" when OpenSSL refuses (no finished handshake).
model::Result<std::string> exportKeyingMaterial(ssl_st* ssl, std::string_view label);

}  // namespace citadel::security::enrolment
