// The two documents generated from the config schema: `citadel --help` and
// citadel.conf.example. Both list every declared key with its default, section by section.
#include <sstream>

#include "cse/engine/config.h"
#include "cse/engine/config_schema.h"

namespace citadel::engine {
namespace {

constexpr size_t kWidth = 100;  // STYLE.md's column limit, for the file and the terminal

// `text` broken at spaces into lines of at most kWidth columns, each starting with `prefix`.
std::string wrapped(const std::string& text, const std::string& prefix) {
  std::istringstream words(text);
  std::string out;
  std::string line = prefix;
  std::string word;
  while (words >> word) {
    if (line.size() > prefix.size() && line.size() + 1 + word.size() > kWidth) {
      out += line + "\n";
      line = prefix;
    }
    line += (line.size() > prefix.size() ? " " : "") + word;
  }
  return line.size() > prefix.size() ? out + line + "\n" : out;
}

}  // namespace

std::string helpText() {
  std::ostringstream out;
  out << "usage: citadel [--config=<file>] [--<key>=<value> ...]\n\n"
      << "A oneM2M CSE. Every key can be set in the config file (key = value) and overridden\n"
      << "on the command line. Each key is shown with its default and accepted values.\n";
  for (const auto& section : configSections()) {
    out << "\n" << section.title << ":\n" << wrapped(section.note, "  ");
    for (const auto& key : section.keys) {
      out << "  --" << key.name << "=" << key.default_value;
      if (!key.values.empty()) {
        out << "  [" << key.values << "]";
      }
      // The help line unwrapped, so that `citadel --help | grep` finds all of it.
      out << "\n      " << key.description << "\n";
    }
  }
  return out.str();
}

std::string exampleConfigText() {
  std::ostringstream out;
  out << "# Citadel configuration. Every key can also be given on the command line as\n"
      << "# --<key>=<value>, which overrides this file. Use: build/bin/citadel "
         "--config=citadel.conf\n"
      << "# Lines are 'key = value'; '#' starts a comment.\n"
      << "#\n"
      << "# GENERATED from the key declarations in cse/engine/config_keys_*.cpp: every key with\n"
      << "# its default and accepted values. Do not edit: change the declarations, then run\n"
      << "# `ninja -C build config_example` (the unit test\n"
      << "# ConfigSchemaTest.ShipsTheExampleFileGeneratedFromTheDeclarations fails while it is "
         "stale).\n";
  for (const auto& section : configSections()) {
    out << "\n# " << section.title << ".\n" << wrapped(section.note, "# ");
    for (const auto& key : section.keys) {
      std::string help = key.description;
      if (!key.values.empty()) {
        help += " [" + key.values + "]";
      }
      // "key =" for an empty default: no trailing blank in the file.
      std::string value = key.default_value;
      out << "\n"
          << wrapped(help, "# ") << key.name << " =" << (value.empty() ? "" : " " + value) << "\n";
    }
  }
  return out.str();
}

}  // namespace citadel::engine
