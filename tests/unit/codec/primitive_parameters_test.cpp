// The parameter table: one row per primitive parameter, found by short name, HTTP header, CoAP
// option number and query name, with the ranges that every decoder checks.
#include "cse/codec/primitive_parameters.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace citadel::codec {
namespace {

using PP = PrimitiveParameter;

TEST(PrimitiveParametersTest, HasOneRowPerShortNameHeaderAndOption) {
  std::set<std::string_view> names, headers;
  std::set<uint16_t> options;
  for (const ParameterSpec& spec : kParameters) {
    EXPECT_TRUE(names.insert(spec.short_name).second) << spec.short_name;
    if (!spec.http_header.empty()) {
      EXPECT_TRUE(headers.insert(spec.http_header).second) << spec.http_header;
    }
    if (spec.coap_option != 0) {
      EXPECT_TRUE(options.insert(spec.coap_option).second) << spec.coap_option;
      // TS-0008 Table 6.2.2.4.0-1: every oneM2M option is critical (odd).
      EXPECT_EQ(spec.coap_option % 2, 1) << spec.short_name;
    }
    if (spec.type == ParameterType::kInteger) {
      EXPECT_LE(spec.min, spec.max) << spec.short_name;
    }
  }
}

TEST(PrimitiveParametersTest, FindsHeadersWithoutCase) {
  const ParameterSpec* from = parameterForHttpHeader("x-m2m-origin");
  ASSERT_NE(from, nullptr);
  EXPECT_EQ(from->id, PP::kFrom);
  EXPECT_EQ(from->text, &model::Request::originator);
  EXPECT_EQ(parameterForHttpHeader("Authorization")->id, PP::kTokens);
  EXPECT_EQ(parameterForHttpHeader("X-M2M-Origin2"), nullptr);
  EXPECT_EQ(parameterForHttpHeader(""), nullptr);
}

TEST(PrimitiveParametersTest, FindsCoapOptions) {
  EXPECT_EQ(parameterForCoapOption(279)->id, PP::kFrom);
  EXPECT_EQ(parameterForCoapOption(267)->id, PP::kResourceType);
  EXPECT_FALSE(parameterForCoapOption(307)->in_request);  // rsc
  EXPECT_EQ(parameterForCoapOption(0), nullptr);
  EXPECT_EQ(parameterForCoapOption(11), nullptr);  // Uri-Path
}

TEST(PrimitiveParametersTest, FindsOnlyTheSharedQueryParameters) {
  for (std::string_view name : {"rcn", "rt", "drt", "rp", "da", "sqi", "atrl", "rids", "tids",
                                "ltids", "tqi", "asi", "auri"}) {
    const ParameterSpec* spec = parameterForQuery(name);
    ASSERT_NE(spec, nullptr) << name;
    EXPECT_EQ(spec->short_name, name);
  }
  // op and tkns are CoAP's own; ty and lbl are filter criteria; fr travels in a header.
  for (std::string_view name : {"op", "tkns", "ty", "lbl", "fr", "RCN", ""}) {
    EXPECT_EQ(parameterForQuery(name), nullptr) << name;
  }
}

TEST(PrimitiveParametersTest, StatesTheRangesOnce) {
  EXPECT_EQ(rangeText(parameter(PP::kResultContent)), "an integer in 0..10");
  EXPECT_EQ(rangeText(parameter(PP::kResponseType)), "an integer in 1..5");
  EXPECT_EQ(rangeText(parameter(PP::kDesiredIdResultType)), "an integer in 1..2");
  EXPECT_EQ(rangeText(parameter(PP::kResourceType)), "an integer in 1..65535");
  EXPECT_EQ(rangeText(parameter(PP::kOperation)), "an integer in 1..5");
  EXPECT_TRUE(inRange(parameter(PP::kResultContent), 0));
  EXPECT_FALSE(inRange(parameter(PP::kResultContent), 11));
  EXPECT_FALSE(inRange(parameter(PP::kResourceType), 0));
  EXPECT_FALSE(inRange(parameter(PP::kResourceType), 65536));
}

// Issue 15 #14: one check over the table's text and list parameters, whatever the binding.
TEST(PrimitiveParametersTest, RefusesControlCharactersInEveryTextAndListParameter) {
  size_t checked = 0;
  for (const ParameterSpec& spec : kParameters) {
    if (spec.text == nullptr && spec.list == nullptr) continue;
    for (const char* bad : {"x\r\nX-Injected: 1", "x\x01", "x\x7f", "\t"}) {
      model::Request request;
      request.request_id = "clean";
      if (spec.text != nullptr) {
        request.*spec.text = bad;
      } else {
        (request.*spec.list) = {"fine", bad};
      }
      model::Status status = checkParameterCharacters(request);
      EXPECT_EQ(status.rsc(), model::Rsc::kBadRequest) << spec.short_name;
      EXPECT_EQ(status.reason(), "primitive.control_character") << spec.short_name;
      EXPECT_NE(status.dbg().find(spec.short_name), std::string::npos) << status.dbg();
      EXPECT_EQ(status.dbg().find(bad), std::string::npos) << "the value is never echoed";
    }
    ++checked;
  }
  EXPECT_GE(checked, 15u);  // to, fr, rqi, rvi, the timestamps, ec, gid, vsi and the ID lists
  model::Request nu;
  nu.response_type.notification_uris = {"http://127.0.0.1:9/\r\n"};
  EXPECT_EQ(checkParameterCharacters(nu).reason(), "primitive.control_character");
  model::Request clean;
  clean.to = "/id-in/cse-in/ae~1";
  clean.originator = "//sp.example/id-in/Clamp";
  clean.request_id = "r-1 with space";
  clean.role_ids = {"r@x.example"};
  clean.response_type.notification_uris = {"mqtt://127.0.0.1:1883"};
  EXPECT_TRUE(checkParameterCharacters(clean).isOk());
}

}  // namespace
}  // namespace citadel::codec
