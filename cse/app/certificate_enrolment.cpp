#include "cse/app/certificate_enrolment.h"

#include <sys/stat.h>

#include <openssl/crypto.h>

#include <iostream>

#include "cse/app/enrolment_target.h"
#include "security/mef_client/credential_files.h"
#include "security/mef_client/est_client.h"

namespace citadel::app {
namespace {

bool exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

model::Status failed(const std::string& what) {
  return model::Status::internal("enrolment.enrolCertificate: " + what, "enrolment.certificate");
}

}  // namespace

model::Status enrolOwnCertificate(const engine::Config& config) {
  namespace mef = security::mef;
  if (!config.enrolment_enrol_certificate || exists(config.tls_certificate)) return {};
  if (exists(config.tls_private_key)) {
    // A key without its certificate: refuse rather than replace a key someone put there.
    return failed(config.tls_private_key + " exists but " + config.tls_certificate +
                  " does not; remove the key or restore the certificate");
  }
  CITADEL_ASSIGN_OR_RETURN(mef::MefClientOptions client,
                           mefClientFor(config, config.enrolment_enrolee_credential_file));
  std::string identity = "//" + config.sp_id + "/" + config.cse_id;
  std::string domain = config.cse_id + "." +
                       (config.registrar_cse_id.empty() ? "" : config.registrar_cse_id + ".") +
                       config.sp_id;
  auto enrolled = mef::enrolCertificate(client, identity, "", false, domain);
  if (!enrolled.isOk()) {
    return failed("the MEF at " + config.enrolment_mef + " did not enrol " + identity + ": " +
                  enrolled.status().dbg());
  }
  mef::EstEnrolment& done = enrolled.value();
  bool written = mef::writeFileAtomically(config.tls_private_key, done.private_key_pem, 0600) &&
                 mef::writeFileAtomically(config.tls_certificate, done.certificate_pem, 0644);
  OPENSSL_cleanse(done.private_key_pem.data(), done.private_key_pem.size());
  if (!written) {
    return failed("cannot write " + config.tls_private_key + " and " + config.tls_certificate);
  }
  std::cout << "Enrolled this CSE's certificate for " << identity << " and " << domain
            << " from " << config.enrolment_mef << " (not after " << done.not_after << ")"
            << std::endl;
  if (config.tls_ca_file.empty() || exists(config.tls_ca_file)) return {};
  auto anchors = mef::fetchCaCertificates(client);
  if (!anchors.isOk()) {
    return failed("the MEF's CA certificates: " + anchors.status().dbg());
  }
  std::string pem;
  for (const std::string& one : anchors.value()) pem += one;
  if (!mef::writeFileAtomically(config.tls_ca_file, pem, 0644)) {
    return failed("cannot write " + config.tls_ca_file);
  }
  std::cout << "Wrote the MEF's CA certificate(s) to " << config.tls_ca_file << std::endl;
  return {};
}

}  // namespace citadel::app
