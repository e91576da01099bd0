// citadel-mef: the M2M Enrolment Function. Wiring only: start-up steps in order, each with its
// reason; the logic is in the libraries next to this file.
#include <cerrno>
#include <cstring>
#include <iostream>

#include "cse/model/log.h"
#include "security/mef_client/bootstrap_psk_file.h"
#include "tools/mef/command_line.h"
#include "tools/mef/key_service_process.h"
#include "tools/mef/issued_keys.h"
#include "tools/mef/mef_options.h"
#include "tools/mef/mef_service.h"
#include "tools/mef/tls_psk_server.h"

namespace {

constexpr int kUsageError = 2;    // a bad option, PSK file or data directory: one line naming it
constexpr int kStartFailure = 1;  // e.g. a port that cannot be bound

int fail(const std::string& what, int code) {
  std::cerr << "citadel-mef: " << what << "\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace citadel;
  using namespace citadel::tools::mef;
  // 1. Options, credentials and data directory: every configuration error stops here.
  auto parsed = parseMefCommandLine(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.isOk()) return fail(parsed.status().dbg(), kUsageError);
  const MefOptions& options = parsed.value();
  if (options.show_help) {
    std::cout << mefHelpText();
    return 0;
  }
  tools::mef::startKeyService(options.log_level);
  MefCredentials credentials;
  auto enrolees = BootstrapPsks::load(options.psk_file);
  if (!enrolees.isOk()) return fail(enrolees.status().dbg(), kUsageError);
  credentials.enrolees = std::move(enrolees).value();
  if (!options.target_psk_file.empty()) {
    auto targets = BootstrapPsks::load(options.target_psk_file);
    if (!targets.isOk()) return fail(targets.status().dbg(), kUsageError);
    credentials.targets = std::move(targets).value();
  }
  if (!options.admin_psk_file.empty()) {
    auto admins = BootstrapPsks::load(options.admin_psk_file);
    if (!admins.isOk()) return fail(admins.status().dbg(), kUsageError);
    credentials.admins = std::move(admins).value();
  }
  if (model::Status checked = credentials.check(); !checked.isOk()) {
    return fail(checked.dbg(), kUsageError);
  }
  if (std::string problem = checkPrivateDataDir(options.data_dir); !problem.empty()) {
    return fail(problem, kUsageError);
  }

  // 2. Owner-only, stop signals blocked, the synced store (key_service_process.h).
  sigset_t stop_signals;
  auto store = tools::mef::openKeyStore(options.data_dir, &stop_signals);
  if (!store.isOk()) return fail(store.status().dbg(), kStartFailure);
  IssuedKeys issued(*store.value());
  model::SystemClock clock;
  MefSettings settings{options.fqdn, std::chrono::seconds(options.lifetime_seconds),
                       options.sp_id, options.certificate_targets};
  MefService service(issued, clock, settings, credentials);
  std::unique_ptr<EstAuthority> authority;
  if (!options.ca_certificate.empty()) {
    auto loaded = EstAuthority::load(options.ca_certificate, options.ca_key,
                                     std::chrono::seconds(options.certificate_lifetime_seconds));
    if (!loaded.isOk()) return fail(loaded.status().dbg(), kUsageError);
    authority = std::move(loaded).value();
    service.enableEst(authority.get());
  }

  // 3. The listener, last: nothing is accepted before the store is open.
  TlsPskServerOptions server_options;
  server_options.address = options.address;
  server_options.port = options.port;
  server_options.certificate = {options.tls_certificate, options.tls_private_key,
                                options.tls_ca_file};
  PskLookup lookup = [&credentials](std::string_view identity) {
    return credentials.key(identity);
  };
  auto server = TlsPskServer::start(server_options, lookup, service);
  if (!server.isOk()) return fail(server.status().dbg(), kStartFailure);

  // 4. Ready.
  LOG_INFO("MEF ready as " << options.fqdn << ": " << credentials.enrolees.size()
                           << " bootstrap credential(s), " << credentials.targets.size()
                           << " Enrolment Target credential(s), data in " << options.data_dir);
  tools::mef::serveUntilStopped(*server.value(), "MEF", options.address, stop_signals);
  return 0;
}
