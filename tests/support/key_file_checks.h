#pragma once
// The checks every loader of a key-bearing provisioning file passes (security/config_lines.h
// loadKeyFile: the PSK key store, the ESPrim pairwise key store): it loads a file only its owner
// may read, refuses any other mode naming the chmod that fixes it, refuses a missing file naming
// it, refuses hostile text, and never shows the key in a message.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/support/status_macros.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {

// Writes `text` to `name` in `dir` with permission bits `mode`; returns the path.
inline std::string writeKeyFile(const TempDir& dir, const std::string& name,
                                const std::string& text, mode_t mode) {
  std::string path = dir.file(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  ::chmod(path.c_str(), mode);
  return path;
}

// `load(path)` returns a model::Result; `text` is a valid file holding `key_hex`.
template <class Load>
void expectLoadsOnlyOwnerOnlyFiles(Load load, const std::string& text,
                                   const std::string& key_hex) {
  TempDir dir;
  EXPECT_OK(load(writeKeyFile(dir, "owner.keys", text, 0600)));
  EXPECT_OK(load(writeKeyFile(dir, "owner.keys", text, 0400)));
  for (mode_t loose : {0640, 0604, 0644, 0666}) {
    auto refused = load(writeKeyFile(dir, "loose.keys", text, loose));
    ASSERT_FALSE(refused.isOk()) << std::oct << loose;
    EXPECT_NE(refused.status().dbg().find("chmod 600"), std::string::npos)
        << refused.status().dbg();
    EXPECT_EQ(refused.status().dbg().find(key_hex), std::string::npos);
  }
  auto missing = load(dir.file("absent.keys"));
  ASSERT_FALSE(missing.isOk());
  EXPECT_NE(missing.status().dbg().find("absent.keys cannot be read"), std::string::npos)
      << missing.status().dbg();
}

// `parse(text, origin)` returns a model::Result: binary, huge and control-character text is
// refused, an empty file is accepted. `key_hex` is a valid key for a three-field line.
template <class Parse>
void expectParserSurvivesHostileText(Parse parse, const std::string& key_hex) {
  std::string binary(4096, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 37 + 11);
  EXPECT_FALSE(parse(binary, "bin").isOk());
  std::string huge(1 << 20, 'a');  // one megabyte, one field
  EXPECT_FALSE(parse(huge, "huge").isOk());
  EXPECT_FALSE(parse(std::string("id\x01 Cx ") + key_hex, "ctl").isOk());
  EXPECT_FALSE(parse(std::string("id C\x7f ") + key_hex, "del").isOk());
  std::string nul = std::string("id Cx ") + key_hex;
  nul[1] = '\0';
  EXPECT_FALSE(parse(nul, "nul").isOk());
  EXPECT_OK(parse("", "empty"));
  EXPECT_OK(parse("# nothing but a comment\n\n", "comment"));
}

// One malformed line and the words its refusal must contain.
struct MalformedLine {
  std::string line;
  std::string says;
};

// Each case, after the valid line `good`, is refused with 4000 naming "<origin>:2: " and its
// words, and the message contains none of `secrets` (the keys' hex).
template <class Parse>
void expectMalformedLinesRefused(Parse parse, const std::string& good,
                                 const std::vector<MalformedLine>& cases,
                                 const std::vector<std::string>& secrets,
                                 const std::string& origin) {
  for (const MalformedLine& c : cases) {
    auto store = parse(good + c.line + "\n", origin);
    ASSERT_FALSE(store.isOk()) << c.line;
    EXPECT_EQ(store.status().rsc(), model::Rsc::kBadRequest);
    const std::string& message = store.status().dbg();
    EXPECT_NE(message.find(origin + ":2: "), std::string::npos) << message;
    EXPECT_NE(message.find(c.says), std::string::npos) << message;
    for (const std::string& secret : secrets) {
      EXPECT_EQ(message.find(secret), std::string::npos) << "a key in: " << message;
    }
  }
}

}  // namespace citadel::testing
