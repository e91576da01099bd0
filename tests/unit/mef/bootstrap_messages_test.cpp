#include "security/mef_client/bootstrap_messages.h"

#include <gtest/gtest.h>

namespace citadel::security::mef {
namespace {

TEST(BootstrapMessagesTest, RoundTripsRequestAnswerAndList) {
  auto request = parseBootstrapRequest(formatBootstrapRequest({"cse1.example.com", 22}));
  ASSERT_TRUE(request.isOk());
  EXPECT_EQ(request.value().target, "cse1.example.com");
  EXPECT_EQ(request.value().suid, 22);

  Enrolment e{"00ff@mef.example.com", "cse1.example.com", 22, 100, 200, "abcd"};
  auto answer = parseBootstrapAnswer(formatBootstrapAnswer({e, "ef01"}));
  ASSERT_TRUE(answer.isOk()) << answer.status().dbg();
  EXPECT_EQ(answer.value().enrolment.key_id, e.key_id);
  EXPECT_EQ(answer.value().enrolment.expires, 200);
  EXPECT_EQ(answer.value().key_confirmation, "ef01");

  auto listed = parseEnrolmentList(formatEnrolmentList({e, e}));
  ASSERT_TRUE(listed.isOk()) << listed.status().dbg();
  EXPECT_EQ(listed.value().size(), 2u);
  EXPECT_EQ(failureText(formatFailure("no")), "no");
}

TEST(BootstrapMessagesTest, RefusesHostileRequests) {
  const char* hostile[] = {
      "",
      "[]",
      "{",
      "\"target\"",
      "{\"target\":\"cse1\"}",                        // no suid
      "{\"suid\":22}",                                // no target
      "{\"target\":1,\"suid\":22}",                   // wrong type
      "{\"target\":\"cse1\",\"suid\":\"22\"}",        // suid as text
      "{\"target\":\"cse1\",\"suid\":22.5}",
      "{\"target\":\"cse1\",\"suid\":1e300}",
      "{\"target\":\"cse1\",\"suid\":-22}",
      "{\"target\":\"cse1\",\"suid\":22,\"key\":\"00\"}",  // unknown member
      "{\"target\":\"cse1\",\"suid\":22}trailing",
      "{\"target\":\"\xff\",\"suid\":22}",            // invalid UTF-8
  };
  for (const char* text : hostile) {
    auto request = parseBootstrapRequest(text);
    ASSERT_FALSE(request.isOk()) << text;
    EXPECT_EQ(request.status().reason(), "mef.bad_message");
  }
  std::string deep(5000, '[');
  EXPECT_FALSE(parseBootstrapRequest(deep).isOk());
  EXPECT_FALSE(parseBootstrapAnswer("{\"status\":false,\"error\":\"x\"}").isOk());
  EXPECT_EQ(failureText("not json"), "");
}

}  // namespace
}  // namespace citadel::security::mef
