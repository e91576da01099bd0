// citadel-esprim's command line (tools/esprim_cli/esprim_options.h): what each option sets,
// every esprimRefusal with the option named first, the key file's checks, the inner request.
#include "tools/esprim_cli/esprim_options.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "tests/support/temp_dir.h"

namespace citadel::tools {
namespace {

const std::vector<std::string> kCommon = {"--cse=http://127.0.0.1:8080", "--from=Cae1",
                                          "--key-id=k1", "--key-file=/tmp/k"};

std::vector<std::string> with(std::vector<std::string> extra) {
  std::vector<std::string> args = kCommon;
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string esprimRefusal(const std::vector<std::string>& args) {
  auto parsed = parseEsprimCommandLine(args);
  EXPECT_FALSE(parsed.isOk());
  if (parsed.isOk()) return "";
  EXPECT_EQ(parsed.status().rsc(), model::Rsc::kBadRequest);
  return parsed.status().dbg();
}

TEST(EsprimOptionsTest, ReadsACreate) {
  auto parsed = parseEsprimCommandLine(
      with({"--ty=4", "--content={\"m2m:cin\":{\"con\":\"x\"}}", "--rcn=1", "--enc=A128GCM",
            "--timeout=9", "create", "cse-in/ae/cnt"}));
  ASSERT_TRUE(parsed.isOk()) << parsed.status().dbg();
  const EsprimOptions& o = parsed.value();
  EXPECT_EQ(o.operation, model::Operation::kCreate);
  EXPECT_EQ(o.target, "cse-in/ae/cnt");
  EXPECT_EQ(o.resource_type, 4);
  EXPECT_EQ(o.content["m2m:cin"]["con"], "x");
  EXPECT_EQ(o.result_content, 1);
  EXPECT_EQ(o.enc, "A128GCM");
  EXPECT_EQ(o.timeout, std::chrono::seconds(9));
  EXPECT_EQ(o.cse_base, "cse-in");
  model::Request inner = innerRequest(o, "rq1");
  EXPECT_EQ(inner.operation, model::Operation::kCreate);
  EXPECT_EQ(inner.to, "cse-in/ae/cnt");
  EXPECT_EQ(inner.originator, "Cae1");
  EXPECT_EQ(inner.request_id, "rq1");
  EXPECT_EQ(inner.resource_type, 4);
}

TEST(EsprimOptionsTest, SharedRandIsAFlag) {
  auto parsed = parseEsprimCommandLine(with({"--shared-rand", "retrieve", "cse-in"}));
  ASSERT_TRUE(parsed.isOk()) << parsed.status().dbg();
  EXPECT_TRUE(parsed.value().shared_rand);
  EXPECT_FALSE(parseEsprimCommandLine(with({"retrieve", "cse-in"})).value().shared_rand);
  EXPECT_EQ(esprimRefusal(with({"--shared-rand=yes", "retrieve", "x"})).rfind("--shared-rand", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--shared-rand", "--shared-rand", "retrieve", "x"}))
                .rfind("--shared-rand", 0),
            0u);
}

TEST(EsprimOptionsTest, DiscoverIsARetrieveWithFilterUsageOne) {
  auto parsed = parseEsprimCommandLine(with({"--fc={\"lbl\":[\"a\"]}", "discover", "cse-in"}));
  ASSERT_TRUE(parsed.isOk()) << parsed.status().dbg();
  EXPECT_EQ(parsed.value().operation, model::Operation::kRetrieve);
  EXPECT_EQ(parsed.value().filter_criteria["fu"], 1);
  EXPECT_EQ(parsed.value().filter_criteria["lbl"][0], "a");
}

TEST(EsprimOptionsTest, RefusesEachBadOptionNamingIt) {
  EXPECT_EQ(esprimRefusal(with({"--nope=1", "retrieve", "x"})).rfind("unknown option --nope", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--enc", "retrieve", "x"})).rfind("--enc", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--enc=", "retrieve", "x"})).rfind("--enc", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--enc=A1GCM", "retrieve", "x"})).rfind("--enc", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--timeout=0", "retrieve", "x"})).rfind("--timeout", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--timeout=9999", "retrieve", "x"})).rfind("--timeout", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--ty=4", "retrieve", "x"})).rfind("--ty", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--content={}", "create", "x"})).rfind("--ty", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--ty=4", "create", "x"})).rfind("--content", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--ty=4", "--content=[1]", "create", "x"})).rfind("--content", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--content={}", "delete", "x"})).rfind("--content", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--rcn=99", "retrieve", "x"})).rfind("--rcn", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--fc={}", "retrieve", "x"})).rfind("--fc", 0), 0u);
  EXPECT_EQ(esprimRefusal(with({"--from=Cae2", "retrieve", "x"})).rfind("--from", 0), 0u);
  EXPECT_NE(esprimRefusal(with({"fetch", "x"})).find("unknown operation"), std::string::npos);
  EXPECT_NE(esprimRefusal(with({"retrieve"})).find("TARGET"), std::string::npos);
  EXPECT_NE(esprimRefusal(with({"retrieve", "x", "y"})).find("unexpected"), std::string::npos);
  EXPECT_NE(esprimRefusal(with({})).find("operation"), std::string::npos);
  EXPECT_EQ(esprimRefusal({"--cse=ftp://x", "--from=a", "--key-id=k", "--key-file=f", "retrieve", "x"})
                .rfind("--cse", 0),
            0u);
  EXPECT_EQ(esprimRefusal({"--from=a", "--key-id=k", "--key-file=f", "retrieve", "x"}).rfind("--cse", 0),
            0u);
  EXPECT_EQ(esprimRefusal(with({"--ty=" + std::string(kMaxEsprimOptionBytes + 1, '4'), "create", "x"}))
                .rfind("--ty", 0),
            0u);
}

TEST(EsprimOptionsTest, ReadsOnlyAPrivateHexKeyAndNeverEchoesIt) {
  ::citadel::testing::TempDir dir;
  auto write = [&](const std::string& name, const std::string& text, mode_t mode) {
    std::string path = dir.file(name);
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
  };
  std::string hex = "00112233445566778899aabbccddeeff";
  auto key = readKeyFile(write("good", hex + "\n", 0600));
  ASSERT_TRUE(key.isOk()) << key.status().dbg();
  EXPECT_EQ(key.value().size(), 16u);
  EXPECT_EQ(static_cast<unsigned char>(key.value()[15]), 0xffu);

  auto open = readKeyFile(write("open", hex, 0644));
  ASSERT_FALSE(open.isOk());
  EXPECT_EQ(open.status().dbg().find(hex), std::string::npos);
  auto short_key = readKeyFile(write("short", "0011", 0600));
  ASSERT_FALSE(short_key.isOk());
  EXPECT_EQ(short_key.status().dbg().find("0011"), std::string::npos);
  auto not_hex = readKeyFile(write("nothex", std::string(32, 'z'), 0600));
  EXPECT_FALSE(not_hex.isOk());
  EXPECT_FALSE(readKeyFile(dir.file("missing")).isOk());
}

TEST(EsprimOptionsTest, HelpNamesEveryOption) {
  auto parsed = parseEsprimCommandLine({"--help"});
  ASSERT_TRUE(parsed.isOk());
  EXPECT_TRUE(parsed.value().help);
  std::string help = esprimHelpText();
  for (const char* option : {"--cse=", "--cse-base=", "--cse-id=", "--from=", "--key-id=",
                             "--key-file=", "--enc=", "--timeout=", "--ty=", "--content=",
                             "--rcn=", "--fc=", "--shared-rand", "--cert=", "--cert-key=",
                             "--ca=", "--cse-identity=", "escertke"}) {
    EXPECT_NE(help.find(option), std::string::npos) << option;
  }
}

const std::vector<std::string> kEscertke = {
    "--cse=coap://127.0.0.1:5683", "--from=Cae1",   "--key-file=/tmp/new.key",
    "--cert=ae.pem",               "--cert-key=ae.key", "--ca=ca.pem",
    "--cse-identity=//citadel.example.com/id-in"};

TEST(EsprimOptionsTest, ReadsAnEscertkeRun) {
  std::vector<std::string> args = kEscertke;
  args.push_back("escertke");
  auto parsed = parseEsprimCommandLine(args);
  ASSERT_TRUE(parsed.isOk()) << parsed.status().dbg();
  const EsprimOptions& o = parsed.value();
  EXPECT_TRUE(o.escertke);
  EXPECT_EQ(o.certificate, "ae.pem");
  EXPECT_EQ(o.certificate_key, "ae.key");
  EXPECT_EQ(o.ca_file, "ca.pem");
  EXPECT_EQ(o.cse_identity, "//citadel.example.com/id-in");
  EXPECT_EQ(o.key_file, "/tmp/new.key");
}

TEST(EsprimOptionsTest, EscertkeAndRequestOptionsDoNotMix) {
  for (const char* needed : {"--cert=", "--cert-key=", "--ca=", "--cse-identity="}) {
    std::vector<std::string> args;
    for (const std::string& arg : kEscertke) {
      if (!arg.starts_with(needed)) args.push_back(arg);
    }
    args.push_back("escertke");
    std::string why = esprimRefusal(args);
    EXPECT_EQ(why.rfind(std::string(needed).substr(0, std::string(needed).size() - 1), 0), 0u)
        << why;
  }
  std::vector<std::string> with_key_id = kEscertke;
  with_key_id.insert(with_key_id.end(), {"--key-id=k1", "escertke"});
  EXPECT_EQ(esprimRefusal(with_key_id).rfind("--key-id", 0), 0u);
  std::vector<std::string> with_target = kEscertke;
  with_target.insert(with_target.end(), {"escertke", "cse-in"});
  EXPECT_NE(esprimRefusal(with_target).find("unexpected argument"), std::string::npos);
  EXPECT_EQ(esprimRefusal(with({"--cert=ae.pem", "retrieve", "cse-in"})).rfind("--cert", 0), 0u);
}

}  // namespace
}  // namespace citadel::tools
