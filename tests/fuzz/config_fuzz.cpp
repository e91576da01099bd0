// The configuration file parser (cse/engine/config.h, config_schema.h): "key = value" lines,
// '#' comments, every key declared once in a config_keys_*.cpp row.
// Invariants:
// - loadConfigFile: a rejection is 4000 with one of the parser's reasons; on success every key's
//   shown value, applied to a fresh Config, is accepted and shows the same (show is the inverse
//   of apply, which is what --help, the example file and the tests rely on);
// - applyConfigValue leaves the Config unchanged when it refuses a value.

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

#include "cse/codec/text.h"
#include "cse/engine/config.h"
#include "cse/engine/config_schema.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

namespace {

std::vector<std::string> showAll(const engine::Config& config) {
  std::vector<std::string> shown;
  for (const engine::ConfigKey& key : engine::configKeys()) {
    shown.push_back(key.show(config));
  }
  return shown;
}

const std::string& scratchFile() {
  static const std::string path = [] {
    char folder[] = "/tmp/citadel-fuzz-config-XXXXXX";
    FUZZ_CHECK(mkdtemp(folder) != nullptr);
    return std::string(folder) + "/citadel.conf";
  }();
  return path;
}

void checkLinesOneByOne(std::string_view text) {
  engine::Config config;
  for (std::string_view line : fuzz::splitInput(text, "\n")) {
    line = codec::trim(line.substr(0, line.find('#')));
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      continue;
    }
    std::vector<std::string> before = showAll(config);
    model::Status applied = engine::applyConfigValue(
        config, std::string(codec::trim(line.substr(0, eq))),
        std::string(codec::trim(line.substr(eq + 1))));
    if (!applied.isOk()) {
      fuzz::checkRejection(applied);
      FUZZ_CHECK(applied.reason() == "config.unknown_key" || applied.reason() == "config.bad_value");
      FUZZ_CHECK(showAll(config) == before);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int fd = open(scratchFile().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  FUZZ_CHECK(fd >= 0);
  FUZZ_CHECK(write(fd, data, size) == static_cast<ssize_t>(size));
  close(fd);

  engine::Config config;
  model::Status loaded = engine::loadConfigFile(config, scratchFile());
  checkLinesOneByOne(fuzz::asText(data, size));
  if (!loaded.isOk()) {
    fuzz::checkRejection(loaded);
    FUZZ_CHECK(loaded.rsc() == model::Rsc::kBadRequest);
    return 0;
  }
  engine::validateConfig(config).ignore("cross-key rules: only that they never throw");
  for (const engine::ConfigKey& key : engine::configKeys()) {
    engine::Config fresh;
    std::string shown = key.show(config);
    model::Status reapplied = key.apply(fresh, shown);
    FUZZ_CHECK(reapplied.isOk());
    FUZZ_CHECK(key.show(fresh) == shown);
  }
  return 0;
}
