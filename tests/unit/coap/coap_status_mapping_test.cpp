// rsc -> CoAP code, TS-0008 Table 6.2.4-1, and where it differs from HTTP.
#include "bindings/coap/coap_status_mapping.h"

#include <gtest/gtest.h>

#include "bindings/coap/coap_options.h"

namespace citadel::coap {
namespace {

using model::Operation;
using model::Rsc;

std::string mapped(int rsc, Operation op = Operation::kRetrieve) {
  return codeString(coapCodeFor(static_cast<Rsc>(rsc), op));
}

TEST(CoapStatusMappingTest, MapsSuccessCodesByOperation) {
  EXPECT_EQ(mapped(2000, Operation::kRetrieve), "2.05");
  EXPECT_EQ(mapped(2000, Operation::kNotify), "2.04");
  EXPECT_EQ(mapped(2001, Operation::kCreate), "2.01");
  EXPECT_EQ(mapped(2002, Operation::kDelete), "2.02");
  EXPECT_EQ(mapped(2004, Operation::kUpdate), "2.04");
  EXPECT_EQ(mapped(1001), "2.01");
  EXPECT_EQ(codeString(coapCodeFor(Rsc::kAcceptedNonBlockingAsynch, Operation::kCreate)), "2.04");
  EXPECT_EQ(codeString(coapCodeFor(Rsc::kAcceptedNonBlockingAsynch, Operation::kCreate, true)),
            "2.01");
  EXPECT_EQ(mapped(1000), "2.04");
}

TEST(CoapStatusMappingTest, MapsEveryRowOfTheTable) {
  struct Row {
    int rsc;
    const char* coap;
  };
  const Row rows[] = {
      {4000, "4.00"}, {4001, "5.01"}, {4004, "4.04"}, {4005, "4.05"}, {4008, "5.04"},
      {4015, "4.15"}, {4101, "4.03"}, {4102, "4.00"}, {4103, "4.03"}, {4104, "4.00"},
      {4105, "4.03"}, {4106, "4.03"}, {4107, "4.03"}, {4108, "4.03"}, {4109, "4.03"},
      {4110, "4.00"}, {4111, "4.03"}, {4112, "4.03"}, {4113, "4.03"}, {4114, "4.03"},
      {4115, "4.03"}, {4116, "4.03"}, {4117, "4.03"}, {4118, "4.04"}, {4119, "4.04"},
      {4120, "4.02"}, {4121, "4.04"}, {4122, "4.02"}, {4123, "4.00"}, {4124, "4.00"},
      {4125, "5.01"}, {4126, "4.03"}, {4127, "4.03"}, {4143, "4.00"}, {5000, "5.00"},
      {5001, "5.01"}, {5103, "4.04"}, {5105, "4.03"}, {5106, "4.00"}, {5107, "4.04"},
      {5203, "4.03"}, {5204, "5.00"}, {5205, "4.03"}, {5206, "5.01"}, {5207, "4.06"},
      {5208, "4.03"}, {5209, "5.00"}, {5210, "5.00"}, {5211, "5.00"}, {5212, "5.00"},
      {5214, "4.03"}, {5215, "4.03"}, {5216, "5.00"}, {5217, "5.00"}, {5218, "4.03"},
      {5219, "4.00"}, {5220, "4.00"}, {5221, "5.00"}, {5222, "4.03"}, {6003, "4.04"},
      {6005, "4.04"}, {6010, "4.00"}, {6020, "5.00"}, {6021, "5.00"}, {6022, "4.00"},
      {6023, "4.00"}, {6024, "4.00"}, {6025, "5.00"}, {6026, "5.00"}, {6028, "4.00"},
      {6029, "4.00"}, {6030, "5.04"}, {6031, "5.04"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(mapped(row.rsc), row.coap) << "rsc " << row.rsc;
  }
}

TEST(CoapStatusMappingTest, DiffersFromHttpWhereTheTablesDiffer) {
  EXPECT_EQ(mapped(4105), "4.03");  // HTTP 409
  EXPECT_EQ(mapped(5106), "4.00");  // HTTP 409
  EXPECT_EQ(mapped(4001), "5.01");  // HTTP 501 too, but 4xxx on the oneM2M side
}

TEST(CoapStatusMappingTest, MapsUnlistedCodesByClass) {
  EXPECT_EQ(mapped(2999), "2.04");
  EXPECT_EQ(mapped(4199), "4.03");
  EXPECT_EQ(mapped(4050), "4.00");
  EXPECT_EQ(mapped(5999), "5.00");
  EXPECT_EQ(mapped(6999), "5.00");
}

}  // namespace
}  // namespace citadel::coap
