#include "tools/crash_test/crash_options.h"

#include <charconv>
#include <string_view>

namespace citadel::crash_test {
namespace {

bool parseInt(std::string_view text, int64_t min, int64_t max, int64_t* out) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return false;
  }
  *out = value;
  return true;
}

model::Status bad(std::string_view arg) {
  return model::Status::badRequest("bad argument '" + std::string(arg) + "'\n" + crashUsage(),
                                   "crash_test.usage");
}

// Sets the int option named by `arg` ("--name=value"); false when `arg` names none of them.
bool setIntOption(std::string_view name, std::string_view value, CrashOptions& o, bool* ok) {
  struct IntOption {
    std::string_view name;
    int* field;
    int64_t min;
    int64_t max;
  };
  const IntOption options[] = {
      {"--cycles", &o.cycles, 1, 1000000},
      {"--writers", &o.writers_per_binding, 1, 16},
      {"--min-run-ms", &o.min_run_ms, 0, 600000},
      {"--max-run-ms", &o.max_run_ms, 0, 600000},
      {"--time-limit-s", &o.time_limit_s, 1, 604800},
      {"--sample", &o.sample, 0, 1000000},
  };
  for (const auto& option : options) {
    if (option.name == name) {
      int64_t parsed = 0;
      *ok = parseInt(value, option.min, option.max, &parsed);
      *option.field = static_cast<int>(parsed);
      return true;
    }
  }
  return false;
}

}  // namespace

std::string crashUsage() {
  return "usage: citadel-crash-test <citadel binary> [--cycles=20] [--sync=true|false]\n"
         "  [--seed=N] [--writers=1 (per binding)] [--min-run-ms=300] [--max-run-ms=2500]\n"
         "  [--time-limit-s=1800] [--sample=200] [--keep]";
}

model::Result<CrashOptions> parseCrashOptions(int argc, char** argv) {
  CrashOptions o;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!arg.starts_with("--")) {
      if (!o.cse_binary.empty()) return bad(arg);
      o.cse_binary = arg;
      continue;
    }
    if (arg == "--keep") {
      o.keep = true;
      continue;
    }
    size_t eq = arg.find('=');
    if (eq == std::string_view::npos) return bad(arg);
    std::string_view name = arg.substr(0, eq);
    std::string_view value = arg.substr(eq + 1);
    bool ok = true;
    if (setIntOption(name, value, o, &ok)) {
      if (!ok) return bad(arg);
    } else if (name == "--sync" && (value == "true" || value == "false")) {
      o.sync = value == "true";
    } else if (name == "--seed") {
      int64_t seed = 0;
      if (!parseInt(value, 0, INT64_MAX, &seed)) return bad(arg);
      o.seed = static_cast<uint64_t>(seed);
    } else {
      return bad(arg);
    }
  }
  if (o.cse_binary.empty() || o.min_run_ms > o.max_run_ms) {
    return bad(o.cse_binary.empty() ? "<no citadel binary>" : "--min-run-ms > --max-run-ms");
  }
  return o;
}

}  // namespace citadel::crash_test
