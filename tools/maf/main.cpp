// citadel-maf: the M2M Authentication Function. Wiring only: start-up steps in order, each with
// its reason; the logic is in the libraries next to this file.
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cse/model/log.h"
#include "security/mef_client/mef_client.h"
#include "security/mef_client/target_key_directory.h"
#include "tools/maf/maf_credentials.h"
#include "tools/maf/maf_options.h"
#include "tools/maf/maf_records.h"
#include "tools/maf/maf_service.h"
#include "tools/mef/command_line.h"
#include "tools/mef/key_service_process.h"
#include "tools/mef/tls_psk_server.h"

namespace {

constexpr int kUsageError = 2;    // a bad option, key file or data directory: one line naming it
constexpr int kStartFailure = 1;  // e.g. a port that cannot be bound
// TS-0004 m2m:suid 21: "a symmetric key, provisioned via a RSPF, and intended to be shared with
// a MAF".
constexpr int kMafKeySuid = 21;

int fail(const std::string& what, int code) {
  std::cerr << "citadel-maf: " << what << "\n";
  return code;
}

// --client-configs: a JSON object whose members are MAF Client IDs and values objects.
bool loadClientConfigs(const std::string& path, std::map<std::string, nlohmann::json>* out,
                       std::string* problem) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json value = nlohmann::json::parse(text.str(), nullptr, false);
  if (!in || value.is_discarded() || !value.is_object()) {
    *problem = "--client-configs: " + path + " is not a JSON object";
    return false;
  }
  for (auto& [client, config] : value.items()) {
    if (!config.is_object() || !citadel::tools::maf::isAbsoluteEntityId(client)) {
      *problem = "--client-configs: each member must be an Absolute AE-ID or CSE-ID whose value "
                 "is an object";
      return false;
    }
    (*out)[client] = config;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace citadel;
  using namespace citadel::tools::maf;
  // 1. Options, credentials and data directory: every configuration error stops here.
  auto parsed = parseMafCommandLine(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.isOk()) return fail(parsed.status().dbg(), kUsageError);
  const MafOptions& options = parsed.value();
  if (options.show_help) {
    std::cout << mafHelpText();
    return 0;
  }
  tools::mef::startKeyService(options.log_level);
  MafCredentials credentials;
  if (!options.km_file.empty()) {
    auto loaded = MafCredentials::load(options.km_file, options.fqdn);
    if (!loaded.isOk()) return fail(loaded.status().dbg(), kUsageError);
    credentials = std::move(loaded).value();
  }
  MafSettings settings;
  settings.fqdn = options.fqdn;
  settings.admin_fqdns.insert(options.admin_fqdns.begin(), options.admin_fqdns.end());
  settings.max_registration_lifetime = std::chrono::seconds(options.registration_lifetime_seconds);
  settings.max_key_lifetime = std::chrono::seconds(options.key_lifetime_seconds);
  if (!options.client_configs.empty()) {
    std::string problem;
    if (!loadClientConfigs(options.client_configs, &settings.client_configs, &problem)) {
      return fail(problem, kUsageError);
    }
  }
  if (std::string problem = tools::mef::checkPrivateDataDir(options.data_dir); !problem.empty()) {
    return fail(problem, kUsageError);
  }

  // 2. Owner-only, stop signals blocked, the synced store (key_service_process.h).
  sigset_t stop_signals;
  auto store = tools::mef::openKeyStore(options.data_dir, &stop_signals);
  if (!store.isOk()) return fail(store.status().dbg(), kStartFailure);
  MafRecords records(*store.value());
  model::SystemClock clock;
  // The MEF's keys for this MAF (SUID 21), fetched at the first handshake that names a KeID.
  std::unique_ptr<security::mef::TargetKeyDirectory> provisioned;
  if (!options.mef.empty()) {
    auto mef = security::mef::keyServiceClient(options.mef, options.mef_fqdn,
                                               options.mef_credential, 5000, "--mef");
    if (!mef.isOk()) return fail(mef.status().dbg(), kUsageError);
    security::mef::KeyFetcher fetch = [client = mef.value(),
                                       target = options.fqdn](const std::string& key_id) {
      return security::mef::fetchCredentials(client, key_id, kMafKeySuid, target);
    };
    security::mef::TargetKeyOptions target_options;
    target_options.suid = kMafKeySuid;
    target_options.mef_fqdn = options.mef_fqdn;
    provisioned = std::make_unique<security::mef::TargetKeyDirectory>(nullptr, std::move(fetch),
                                                                      clock, target_options);
  }
  MafService service(records, clock, settings, credentials, provisioned.get());

  // 3. The listener, last: nothing is accepted before the store is open.
  tools::mef::TlsPskServerOptions server_options;
  server_options.log_name = "MAF";
  server_options.address = options.address;
  server_options.port = options.port;
  server_options.certificate = {options.tls_certificate, options.tls_private_key,
                                options.tls_ca_file};
  security::mef::PskLookup lookup = [&service](std::string_view identity) {
    return service.pskKey(identity);
  };
  auto server = tools::mef::TlsPskServer::start(server_options, lookup, service);
  if (!server.isOk()) return fail(server.status().dbg(), kStartFailure);

  // 4. Ready.
  LOG_INFO("MAF ready as " << options.fqdn << ": " << credentials.size()
                           << " Master Credential(s), " << settings.admin_fqdns.size()
                           << " administrating stakeholder(s), data in " << options.data_dir);
  tools::mef::serveUntilStopped(*server.value(), "MAF", options.address, stop_signals);
  return 0;
}
