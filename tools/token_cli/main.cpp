// citadel-token: mints a oneM2M JWT (or generates an issuer key) from the command line. Wiring
// only: the options, claims and key handling live in the files beside this one.
#include <iostream>
#include <string>
#include <vector>

#include "cse/model/clock.h"
#include "security/token/token_minter.h"
#include "tools/token_cli/key_generator.h"
#include "tools/token_cli/signing_key.h"
#include "tools/token_cli/token_options.h"

namespace {

constexpr int kUsageError = 2;  // a bad option: one line on stderr naming it
constexpr int kFailure = 1;     // the options were fine, the work failed

int usage(const std::string& dbg) {
  std::cerr << "citadel-token: " << dbg << "\n";
  return kUsageError;
}

int keygen(const citadel::tools::KeygenOptions& options) {
  auto written = citadel::tools::generateIssuerKey(options);
  if (!written.isOk()) {
    std::cerr << "citadel-token: " << written.status().dbg() << "\n";
    return written.status().rsc() == citadel::model::Rsc::kBadRequest ? kUsageError : kFailure;
  }
  for (const std::string& path : written.value()) {
    std::cout << path << "\n";
  }
  return 0;
}

int mint(const citadel::tools::MintOptions& options) {
  using namespace citadel;
  model::SystemClock clock;
  security::token::TokenClaims claims =
      tools::buildClaims(options, clock.now(), tools::randomTokenName());
  if (options.claims_only) {
    std::cout << security::token::tokenClaimsToJson(claims).dump() << "\n";
    return 0;
  }
  auto key = tools::loadSigningKey(options.algorithm, options.key_source);
  if (!key.isOk()) {
    return usage(key.status().dbg());
  }
  auto token = security::token::mintToken(claims, key.value());
  if (!token.isOk()) {
    // A claim the verifier would refuse (too long, not UTF-8) is still the user's input.
    std::cerr << "citadel-token: cannot mint: " << token.status().dbg() << "\n";
    return token.status().rsc() == model::Rsc::kInternalServerError ? kFailure : kUsageError;
  }
  std::cout << token.value() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto command = citadel::tools::parseTokenCommandLine(args);
  if (!command.isOk()) {
    return usage(command.status().dbg());
  }
  switch (command.value().kind) {
    case citadel::tools::TokenCommand::Kind::kHelp:
      std::cout << citadel::tools::tokenHelpText();
      return 0;
    case citadel::tools::TokenCommand::Kind::kKeygen:
      return keygen(command.value().keygen);
    case citadel::tools::TokenCommand::Kind::kMint:
      return mint(command.value().mint);
  }
  return kFailure;
}
