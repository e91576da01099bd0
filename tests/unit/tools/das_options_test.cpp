// citadel-das's command line: good options, and each error naming its option on one line.
#include "tools/das/das_options.h"

#include <gtest/gtest.h>

#include "tests/support/status_macros.h"

namespace citadel::tools::das {
namespace {

const std::vector<std::string> kRequired = {"--policy=/etc/das.policy", "--allow=/id-in"};

std::vector<std::string> withRequired(std::vector<std::string> more) {
  std::vector<std::string> args = kRequired;
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string refusal(const std::vector<std::string>& args) {
  auto parsed = parseDasCommandLine(args);
  if (parsed.isOk()) {
    ADD_FAILURE() << "accepted";
    return "";
  }
  EXPECT_EQ(parsed.status().reason(), "das.bad_option");
  EXPECT_EQ(parsed.status().dbg().find('\n'), std::string::npos);
  return parsed.status().dbg();
}

TEST(DasOptionsTest, ParsesEveryOption) {
  auto parsed = parseDasCommandLine(withRequired(
      {"--http.port=0", "--http.address=0.0.0.0", "--coap.port=5690", "--coap.address=::1",
       "--mqtt.broker=tcp://127.0.0.1:1883", "--mqtt.id=das1", "--issuer=das.example.com",
       "--alg=HS256", "--key=hex:00", "--audience=/id-in", "--audience=/id-mn",
       "--sp-id=sp.example", "--allow=//sp.example/id-mn", "--log.level=debug"}));
  ASSERT_OK(parsed);
  const DasOptions& o = parsed.value();
  EXPECT_EQ(o.http_port, 0);
  EXPECT_EQ(o.http_address, "0.0.0.0");
  EXPECT_EQ(o.coap_port, 5690);
  EXPECT_EQ(o.coap_address, "::1");
  EXPECT_EQ(o.mqtt_broker, "tcp://127.0.0.1:1883");
  EXPECT_EQ(o.mqtt_id, "das1");
  EXPECT_EQ(o.issuer, "das.example.com");
  EXPECT_EQ(o.algorithm, "HS256");
  EXPECT_EQ(o.key_source, "hex:00");
  EXPECT_EQ(o.audience, (std::vector<std::string>{"/id-in", "/id-mn"}));
  EXPECT_EQ(o.sp_id, "sp.example");
  EXPECT_EQ(o.allow, (std::vector<std::string>{"/id-in", "//sp.example/id-mn"}));
  EXPECT_EQ(o.policy_path, "/etc/das.policy");
  EXPECT_EQ(o.log_level, "debug");
}

TEST(DasOptionsTest, HasDefaults) {
  auto parsed = parseDasCommandLine(kRequired);
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value().http_port, 8090);
  EXPECT_FALSE(parsed.value().coap_port.has_value());
  EXPECT_TRUE(parsed.value().mqtt_broker.empty());
  EXPECT_EQ(parsed.value().sp_id, "citadel.example.com");
  EXPECT_EQ(parsed.value().algorithm, "ES256");
  EXPECT_TRUE(parseDasCommandLine({"--help"}).value().show_help);
}

TEST(DasOptionsTest, RefusesBadOptionsNamingThem) {
  struct Case {
    const char* arg;
    const char* starts;
  };
  for (Case c :
       {Case{"--http.port=65536", "--http.port:"}, Case{"--http.port=-1", "--http.port:"},
        Case{"--http.port=80x", "--http.port:"}, Case{"--coap.port=abc", "--coap.port:"},
        Case{"--alg=none", "--alg:"}, Case{"--log.level=loud", "--log.level:"},
        Case{"--mqtt.id=a/b", "--mqtt.id:"}, Case{"--mqtt.id=#", "--mqtt.id:"},
        Case{"--sp-id=//sp", "--sp-id:"}, Case{"--policy=other", "--policy:"},
        Case{"--http.port=", "--http.port:"}, Case{"--issuer=a\x7f", "--issuer:"},
        Case{"--nope=1", "unknown option --nope"}, Case{"positional", "unexpected argument"},
        Case{"--allow", "unexpected argument"}}) {
    std::string dbg = refusal(withRequired({c.arg}));
    EXPECT_TRUE(dbg.starts_with(c.starts)) << c.arg << " -> " << dbg;
  }
}

TEST(DasOptionsTest, RefusesMissingOrUnpairedOptions) {
  EXPECT_NE(refusal({"--allow=/id-in"}).find("--policy: required"), std::string::npos);
  EXPECT_NE(refusal({"--policy=p"}).find("--allow: required"), std::string::npos);
  EXPECT_NE(refusal(withRequired({"--issuer=i"})).find("--key: required with --issuer"),
            std::string::npos);
  EXPECT_NE(refusal(withRequired({"--key=k"})).find("--issuer: required with --key"),
            std::string::npos);
  EXPECT_NE(refusal(withRequired({"--mqtt.id=das"})).find("--mqtt.id: needs --mqtt.broker"),
            std::string::npos);
}

}  // namespace
}  // namespace citadel::tools::das
