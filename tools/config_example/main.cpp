// citadel-config-example [<file>]: writes citadel.conf.example, generated from the config key
// declarations (cse/engine/config_keys_*.cpp), to <file> or to stdout. `ninja -C build
// config_example` runs it on the shipped file; ConfigTest fails while that file is stale.
#include <fstream>
#include <iostream>

#include "cse/engine/config.h"

int main(int argc, char** argv) {
  if (argc > 2) {
    std::cerr << "usage: citadel-config-example [<file>]\n";
    return 2;
  }
  std::string text = citadel::engine::exampleConfigText();
  if (argc == 1) {
    std::cout << text;
    return 0;
  }
  std::ofstream out(argv[1], std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "citadel-config-example: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
