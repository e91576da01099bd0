// citadel-mef-client: the Enrolee CLI. Wiring only: options, one call into mef_client, output.
#include <csignal>
#include <iostream>

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "security/enrolment/enrolment_keys.h"
#include "security/mef_client/credential_files.h"
#include "tools/mef/client_options.h"
#include "tools/mef/est_commands.h"
#include "security/mef_client/mef_client.h"

namespace {

constexpr int kFailure = 1;     // the MEF, the network or the handshake
constexpr int kUsageError = 2;  // a bad option or credential file

int fail(const citadel::model::Status& status, int code) {
  std::cerr << "citadel-mef-client: " << status.dbg() << "\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace citadel::tools::mef;
  namespace enrolment = citadel::security::enrolment;
  // A peer that closes early must cost one connection, not the process.
  std::signal(SIGPIPE, SIG_IGN);
  auto parsed = parseClientCommandLine(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.isOk()) return fail(parsed.status(), kUsageError);
  ClientCommand& command = parsed.value();
  if (command.show_help) {
    std::cout << clientHelpText();
    return 0;
  }
  if (command.verb == "cacerts" || command.verb == "enrol" || command.verb == "reenrol") {
    return runEstCommand(command);
  }
  if (command.verb == "crl" || command.verb == "revoke") {
    bool crl = command.verb == "crl";
    std::string body = crl ? "" : nlohmann::json{{command.revoke_what, command.revoke_id}}.dump();
    auto answer = requestInSession(command.client, crl ? "GET" : "POST",
                                   crl ? "/crl" : "/admin/revoke", "application/json",
                                   [&body](SSL*) -> citadel::model::Result<std::string> {
                                     return body;
                                   });
    if (!answer.isOk()) return fail(answer.status(), kFailure);
    if (!crl) {
      std::cout << "revoked " << command.revoke_what << " " << command.revoke_id << "\n";
      return 0;
    }
    if (!writeFileAtomically(command.crl_file, answer.value().answer.body, 0644)) {
      std::cerr << "citadel-mef-client: cannot write " << command.crl_file << "\n";
      return kFailure;
    }
    std::cout << "crl " << command.crl_file << "\n";
    return 0;
  }
  if (command.verb == "list") {
    auto listed = listEnrolments(command.client);
    if (!listed.isOk()) return fail(listed.status(), kFailure);
    for (const Enrolment& e : listed.value()) {
      std::cout << e.key_id << " target=" << e.target << " suid=" << e.suid
                << " expires=" << e.expires << " ke-confirmation=" << e.ke_confirmation << "\n";
    }
    return 0;
  }
  auto outcome = bootstrap(command.client, command.request);
  if (!outcome.isOk()) return fail(outcome.status(), kFailure);
  BootstrapOutcome& done = outcome.value();
  const Enrolment& e = done.answer.enrolment;
  std::cout << "KeID " << e.key_id << "\n"
            << "target " << e.target << "\n"
            << "suid " << e.suid << "\n"
            << "lifetime " << (e.expires - e.issued) << "\n"
            << "expires " << e.expires << "\n"
            << "tls " << done.tls_version << "\n"
            << "ke-confirmation " << e.ke_confirmation << "\n"
            << "key-confirmation " << done.answer.key_confirmation << "\n";
  // The originator the Enrolment Target will bind the key to: the Enrolee registers as it.
  if (!done.answer.enrolee_id.empty()) std::cout << "enrolee-id " << done.answer.enrolee_id << "\n";
  if (command.show_key) std::cout << "key " << enrolment::toHex(done.key) << "\n";
  OPENSSL_cleanse(done.ke.data(), done.ke.size());
  OPENSSL_cleanse(done.key.data(), done.key.size());
  return 0;
}
