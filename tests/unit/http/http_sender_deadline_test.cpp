// HttpPrimitiveSender against a target that trickles its answer (issue 15 #19): the exchange
// ends at its deadline (connect_timeout + response_timeout) with 4008, however slowly the bytes
// come. Before, each byte inside the read timeout restarted the wait.
#include <gtest/gtest.h>

#include "bindings/http/http_sender.h"
#include "tests/support/trickling_http_target.h"

namespace citadel::http {
namespace {

TEST(HttpSenderDeadlineTest, CutsOffATargetThatTricklesItsAnswer) {
  citadel::testing::TricklingHttpTarget target;
  HttpPrimitiveSender sender({std::chrono::milliseconds(500), std::chrono::milliseconds(500)});
  model::Request request;
  request.operation = model::Operation::kNotify;
  request.originator = "/id-in";
  request.request_id = "ntf-1";
  request.content = {{"m2m:sgn", {{"vrq", true}}}};
  model::Response response =
      sender.send("http://127.0.0.1:" + std::to_string(target.port()) + "/notify", request);
  target.join();
  EXPECT_EQ(response.status_code, model::Rsc::kRequestTimeout);
  // The sender stopped listening long before the target stopped talking.
  EXPECT_LT(target.trickled(), citadel::testing::TricklingHttpTarget::kBytes);
}

}  // namespace
}  // namespace citadel::http
